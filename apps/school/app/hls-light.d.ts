// hls.js ships no declarations for its light entry; its API is the full build's minus the
// optional controllers (alternate audio, subtitles, EME, CMCD), none of which the player uses.
declare module "hls.js/light" {
  export * from "hls.js";
  export { default } from "hls.js";
}
