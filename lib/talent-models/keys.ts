/** Blob key of a talent's base model (sealed with the profile's data key, like the render checkpoints). */
export function talentModelKeyFor(profileId: string): string {
  return `talent-models/${profileId.toLowerCase()}`;
}
