// The fixture-photo helpers live in ml/testing (ml/ is a leaf and may not
// import lib/); lib's tests use them from here.
export { PHOTO_DIR, ensureTestPhotos, testPhoto, listTestPhotos } from "../../ml/testing/photos";
