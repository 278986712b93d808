export { AppShell, PageTitle, APP_IDS, appHome, pageTitle } from "./shell.tsx";
export type { AppId, AppShellProps, PageTitleProps, ShellUser } from "./shell.tsx";
export { Badge, Button, Card, EmptyState, ErrorPanel, Field, StatGrid, StatTile, buttonClass } from "./primitives.tsx";
export type {
  BadgeTone,
  ButtonProps,
  ButtonVariant,
  CardProps,
  EmptyStateProps,
  ErrorPanelProps,
  FieldProps,
  StatTileProps,
} from "./primitives.tsx";
export { BarChart, DataTable, DetailList, Pager, pageParam, withPage } from "./data.tsx";
export type { BarChartProps, BarDatum, Column, DataTableProps, DetailItem, PagerProps } from "./data.tsx";
export { LoginForm } from "./login.tsx";
export type { LoginFormProps } from "./login.tsx";
export { formatDateTime, formatDay, formatMonth, minutesFromSeconds } from "./format.ts";
export { apiErrorInfo, describeRouteError, loginPathFor, safeNextPath } from "./errors.ts";
export type { ApiErrorCode, ApiErrorInfo, ErrorDescription } from "./errors.ts";
export { AppDocument, AppErrorPage, LoginPage } from "./document.tsx";
export { labelBox, layoutNetwork, shortName, textWidth, wrapLabel, NETWORK_FONT_PX } from "./network-layout.ts";
export type { LaidGroup, LaidNode, LayoutEdge, LayoutNode, NetworkLayout } from "./network-layout.ts";
export { SearchBox } from "./search.tsx";
export { CARD_BOUND_FLAG, CARD_CACHE_PREFIX, CARD_DEVICE_DB, forgetCardOnThisDevice } from "./card-device.ts";
export {
  ProgressBar,
  UploadField,
  UploadTransferError,
  percentOf,
  putWithProgress,
  sendWithProgress,
  uploadFailureText,
} from "./upload.tsx";
export type {
  ProgressBarProps,
  SendAnswer,
  SendOptions,
  UploadFieldProps,
  UploadMessages,
  UploadTarget,
  UploadedFile,
} from "./upload.tsx";
