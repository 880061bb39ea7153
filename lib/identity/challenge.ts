import { randomInt } from "node:crypto";
import { randomHeadTurnPrompts, type HeadTurnPrompt } from "@/ml/liveness/head-turns";

// What the talent is asked to do on camera: read a short phrase that could
// not have been recorded in advance (three random words and a number), then
// turn the head in a random order. A replayed recording would have to match
// both.

const WORDS = [
  "amber",
  "anchor",
  "apple",
  "autumn",
  "basket",
  "beacon",
  "birch",
  "bridge",
  "candle",
  "canyon",
  "cedar",
  "clover",
  "copper",
  "coral",
  "cotton",
  "desert",
  "dolphin",
  "ember",
  "falcon",
  "feather",
  "forest",
  "garden",
  "glacier",
  "harbor",
  "hazel",
  "island",
  "jasmine",
  "kettle",
  "lantern",
  "lemon",
  "marble",
  "meadow",
  "mirror",
  "nectar",
  "orchard",
  "pebble",
  "pepper",
  "planet",
  "quartz",
  "raven",
  "ribbon",
  "river",
  "saddle",
  "silver",
  "spruce",
  "summit",
  "thistle",
  "timber",
  "tulip",
  "velvet",
  "violet",
  "walnut",
  "willow",
  "winter",
  "yellow",
  "zephyr",
] as const;

/** How long a challenge may be answered: long enough to allow the camera and retry once, short enough that it is not reused. */
export const CHALLENGE_MINUTES = 15;

export type Challenge = { phrase: string; prompts: HeadTurnPrompt[] };

/** A random phrase and order of head turns, from a cryptographic source (the phrase must not be guessable). */
export function newChallenge(): Challenge {
  const words = Array.from({ length: 3 }, () => WORDS[randomInt(WORDS.length)]!);
  const phrase = `${words.join(" ")} ${randomInt(10, 100)}`;
  return { phrase, prompts: randomHeadTurnPrompts(() => randomInt(1_000_000) / 1_000_000) };
}
