// The check-in QR, drawn on the server as SVG so the secretary's slow phone runs no extra script.
import QRCode from "qrcode";

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
