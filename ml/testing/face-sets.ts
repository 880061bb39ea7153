import { decodeImage } from "../media/image-io";
import { buildFaceSet, type FaceSet } from "../train/face-set";
import { augmentedPortraits } from "./likeness-fixtures";

/**
 * Training sets for tests: A is the person of human-sample-me.jpg, B is
 * Grace Hopper (python-matplotlib-data), each from augmented real photos.
 */
export async function testFaceSets(resolution: number, perSide = 3): Promise<{ a: FaceSet; b: FaceSet }> {
  const load = async (photo: string) => {
    const images = await Promise.all((await augmentedPortraits(perSide, photo)).map((p) => decodeImage(p.bytes)));
    return (await buildFaceSet(images, resolution, 0.2)).set;
  };
  return { a: await load("human-sample-me.jpg"), b: await load("python-matplotlib-data-grace_hopper.jpg") };
}
