// The lesson player: hls.js (MSE) where available, native HLS otherwise, a clear message where
// neither exists. Sends a heartbeat every 5 s while playing and on pause, seek, ended,
// visibility change and pagehide (sendBeacon); the server decides what counts.
import { useEffect, useMemo, useRef, useState } from "react";
import type HlsInstance from "hls.js/light";
import { t } from "@dangjian/core/messages";
import { clock, Meter } from "./school-nav.tsx";

export interface PlayerProps {
  lessonId: string;
  masterUrl: string;
  audioUrl: string;
  posterUrl: string | null;
  captionsUrl: string | null;
  durationSec: number;
  resumeAt: number;
  canCredit: boolean;
  coveredSec: number;
  completed: boolean;
}

const HEARTBEAT_URL = "/api/school/heartbeat";
const INTERVAL_MS = 5000;

export function Player(props: PlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<HlsInstance | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "unsupported" | "error">("loading");
  const [audioOnly, setAudioOnly] = useState(false);
  const [covered, setCovered] = useState(props.coveredSec);
  const [completed, setCompleted] = useState(props.completed);
  const [resumed, setResumed] = useState<number | null>(null);
  const [errorDetail, setErrorDetail] = useState<string | null>(null);

  // One watch session per lesson page: the playlist fetch opens it (?ws=) and the heartbeats name
  // it; the server believes heartbeats only for a session whose playlist was fetched (ADR 0753).
  // a new session for every lesson shown: the lesson id is the trigger, not an input
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  const sessionId = useMemo(() => crypto.randomUUID(), [props.lessonId]);

  // heartbeats
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !props.canCredit) return;
    let seq = 0;
    let lastPosition = video.currentTime;
    const payload = (position: number) =>
      JSON.stringify({
        lessonId: props.lessonId,
        sessionId,
        seq: seq++,
        positionSec: Math.round(position * 1000) / 1000,
        playing: !video.paused && !video.ended,
        rate: video.playbackRate,
        visible: document.visibilityState === "visible",
      });
    const send = (position = video.currentTime) => {
      const body = payload(position);
      void fetch(HEARTBEAT_URL, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        keepalive: true,
      })
        .then((r) => (r.ok ? r.json() : null))
        .then((reply: { coveredSec: number; completed: boolean } | null) => {
          if (!reply) return;
          setCovered(reply.coveredSec);
          setCompleted(reply.completed);
        })
        .catch(() => {});
    };
    const onTime = () => {
      if (!video.seeking) lastPosition = video.currentTime;
    };
    // Before a seek, report where the playhead was, so the part watched up to it counts.
    const onSeeking = () => {
      send(lastPosition);
      send(video.currentTime);
    };
    const onEvent = () => send();
    const onHide = () => navigator.sendBeacon(HEARTBEAT_URL, payload(video.currentTime));
    const timer = setInterval(() => {
      if (!video.paused && !video.ended) send();
    }, INTERVAL_MS);
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("play", onEvent);
    video.addEventListener("pause", onEvent);
    video.addEventListener("ended", onEvent);
    video.addEventListener("seeking", onSeeking);
    video.addEventListener("ratechange", onEvent);
    document.addEventListener("visibilitychange", onEvent);
    window.addEventListener("pagehide", onHide);
    return () => {
      clearInterval(timer);
      video.removeEventListener("timeupdate", onTime);
      video.removeEventListener("play", onEvent);
      video.removeEventListener("pause", onEvent);
      video.removeEventListener("ended", onEvent);
      video.removeEventListener("seeking", onSeeking);
      video.removeEventListener("ratechange", onEvent);
      document.removeEventListener("visibilitychange", onEvent);
      window.removeEventListener("pagehide", onHide);
    };
  }, [props.lessonId, props.canCredit, sessionId]);

  // source
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    const playlist = audioOnly ? props.audioUrl : props.masterUrl;
    const source = props.canCredit ? `${playlist}${playlist.includes("?") ? "&" : "?"}ws=${sessionId}` : playlist;
    const start = hlsRef.current
      ? video.currentTime
      : props.resumeAt > 1 && props.resumeAt < props.durationSec - 3
        ? props.resumeAt
        : 0;
    const wasPlaying = hlsRef.current ? !video.paused : false;
    hlsRef.current?.destroy();
    hlsRef.current = null;
    // The light build (ADR 0801): the ladder muxes audio into every rung and captions are a native
    // <track>, so alternate audio, subtitle tracks, EME and CMCD are not needed.
    void import("hls.js/light").then(({ default: Hls }) => {
      if (cancelled) return;
      if (Hls.isSupported()) {
        const hls = new Hls({ capLevelToPlayerSize: true, startPosition: start, maxBufferLength: 20 });
        hlsRef.current = hls;
        hls.on(Hls.Events.MANIFEST_PARSED, () => {
          setState("ready");
          if (start > 0) setResumed(start);
          if (wasPlaying) void video.play().catch(() => {});
        });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal) {
            setErrorDetail(`${data.type}/${data.details}${data.response ? ` ${data.response.code}` : ""}`);
            setState("error");
          }
        });
        hls.loadSource(source);
        hls.attachMedia(video);
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = source;
        video.currentTime = start;
        setState("ready");
      } else {
        setState("unsupported");
      }
    });
    return () => {
      cancelled = true;
    };
    // the resume position and duration are read once when the media is attached; a newer value
    // (the page revalidating after a heartbeat) must not reload the video under the viewer
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [audioOnly, props.masterUrl, props.audioUrl, props.canCredit, sessionId]);

  useEffect(() => () => hlsRef.current?.destroy(), []);

  const percent = props.durationSec > 0 ? (covered / props.durationSec) * 100 : 0;
  return (
    <section aria-label={t("school.lessonVideo")}>
      {state === "unsupported" ? (
        <p className="sc-notice" role="alert">
          {t("school.player.noMse")}
        </p>
      ) : null}
      {state === "error" ? (
        <p className="sc-notice" role="alert">
          {t("school.player.error")}
        </p>
      ) : null}
      <div className="sc-player">
        <video
          ref={videoRef}
          controls
          playsInline
          preload="metadata"
          poster={props.posterUrl ?? undefined}
          crossOrigin="anonymous"
          data-state={state}
          data-error={errorDetail ?? undefined}
          data-testid="lesson-video"
        >
          {props.captionsUrl ? (
            <track
              kind="subtitles"
              src={props.captionsUrl}
              srcLang="zh"
              label={t("school.player.captionsLabel")}
              default
            />
          ) : null}
        </video>
      </div>
      {state === "loading" ? <p className="dj-muted">{t("school.player.loading")}</p> : null}
      {resumed !== null ? (
        <p className="dj-muted" data-testid="resumed">
          {t("school.player.resumed", { time: clock(resumed) })}
        </p>
      ) : null}
      <div className="sc-player-bar">
        <button
          type="button"
          className="dj-btn dj-btn--secondary"
          aria-pressed={audioOnly}
          onClick={() => setAudioOnly((v) => !v)}
        >
          {audioOnly ? t("school.player.videoMode") : t("school.player.audioOnly")}
        </button>
      </div>
      {props.canCredit ? (
        <div>
          <p data-testid="lesson-progress" data-covered={covered} data-completed={completed ? "true" : "false"}>
            {completed
              ? t("school.player.completed")
              : t("school.player.progress", { covered: clock(covered), duration: clock(props.durationSec) })}
          </p>
          <Meter
            percent={percent}
            ok={completed}
            label={t("school.player.progress", { covered: clock(covered), duration: clock(props.durationSec) })}
          />
          <p className="dj-muted">{t("school.player.rule")}</p>
        </div>
      ) : (
        <p className="dj-muted">{t("school.player.notMember")}</p>
      )}
    </section>
  );
}
