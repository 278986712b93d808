// Reading a QR code in the browser: the camera (jsQR on video frames), a photo or screenshot
// (jsQR on the image), or pasted text. Used by the card verifier and the meeting's card scan.
// jsQR (~35 KB gzip) is loaded on first use, not with the page. Import from
// "@dangjian/ui/qr-scanner" (not the package index) so that other pages never carry it.
import { useEffect, useRef, useState } from "react";
import type JsQrDefault from "jsqr";
import { t } from "@dangjian/core/messages";
import { Button } from "./primitives.tsx";

export interface QrScannerProps {
  /** called with the text of each QR read (or pasted) */
  onText: (text: string) => void;
  submitLabel: string;
  idPrefix: string;
}

type JsQr = typeof JsQrDefault;
let jsQrModule: Promise<JsQr> | null = null;
function loadJsQr(): Promise<JsQr> {
  jsQrModule ??= import("jsqr").then(
    (m) => m.default,
    (error: unknown) => {
      jsQrModule = null; // offline before it ever loaded: try again next time
      throw error;
    },
  );
  return jsQrModule;
}

function decodeWith(jsQR: JsQr, data: ImageData): string | null {
  const code = jsQR(data.data, data.width, data.height, { inversionAttempts: "attemptBoth" });
  return code?.data ?? null;
}

async function decodeFile(file: File): Promise<string | null> {
  const jsQR = await loadJsQr();
  const bitmap = await createImageBitmap(file);
  // bound the work: a phone photo is scaled to at most 1600 px on its long side
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return decodeWith(jsQR, ctx.getImageData(0, 0, canvas.width, canvas.height));
}

export function QrScanner({ onText, submitLabel, idPrefix }: QrScannerProps) {
  const [text, setText] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);

  const stop = () => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
    setScanning(false);
  };
  useEffect(() => stop, []);
  // fetched as soon as a scanning page opens, so that scanning keeps working if the network goes
  useEffect(() => {
    loadJsQr().catch(() => undefined);
  }, []);

  const startCamera = async () => {
    setMessage(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setMessage(t("scan.noCamera"));
      return;
    }
    try {
      const jsQR = await loadJsQr();
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      streamRef.current = stream;
      setScanning(true);
      const video = videoRef.current!;
      video.srcObject = stream;
      await video.play();
      const canvas = document.createElement("canvas");
      const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
      const tick = () => {
        if (!streamRef.current) return;
        if (video.videoWidth > 0) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          const found = decodeWith(jsQR, ctx.getImageData(0, 0, canvas.width, canvas.height));
          if (found) {
            stop();
            onText(found);
            return;
          }
        }
        setTimeout(tick, 150);
      };
      tick();
    } catch {
      stop();
      setMessage(t("scan.cameraRefused"));
    }
  };

  return (
    <div className="dj-qr-scanner">
      <div className="dj-qr-scanner__actions">
        <Button onClick={() => (scanning ? stop() : void startCamera())} block>
          {scanning ? t("scan.stopCamera") : t("scan.startCamera")}
        </Button>
        <label className="dj-btn dj-btn--secondary dj-btn--block" htmlFor={`${idPrefix}-file`}>
          {t("scan.fromImage")}
        </label>
        <input
          id={`${idPrefix}-file`}
          data-testid={`${idPrefix}-file`}
          type="file"
          accept="image/*"
          className="dj-visually-hidden"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = "";
            if (!file) return;
            setMessage(null);
            void (async () => {
              try {
                const found = await decodeFile(file);
                if (found) onText(found);
                else setMessage(t("scan.noCodeInImage"));
              } catch {
                setMessage(t("scan.noCodeInImage"));
              }
            })();
          }}
        />
      </div>
      <video ref={videoRef} className="dj-qr-scanner__video" hidden={!scanning} muted playsInline />
      <form
        className="dj-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) onText(text.trim());
        }}
      >
        <div className="dj-field">
          <label htmlFor={`${idPrefix}-text`}>{t("scan.pasteLabel")}</label>
          <textarea
            id={`${idPrefix}-text`}
            className="dj-input"
            rows={3}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary">
          {submitLabel}
        </Button>
      </form>
      {message ? (
        <p className="dj-muted" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
