// The one atomic-write rule lives in ml/util (ml/ is a leaf and may not
// import lib/); lib's blob store and watermark writers use it from here.
export { tempPathFor, writeFileAtomic } from "../../ml/util/write-file-atomic";
