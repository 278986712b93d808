// The server's settings for a region of this size: the 128 MB default cache cannot serve a
// province (6M members, ~20 GB), and a bulk load wants room for WAL between checkpoints.
export const SERVER_SETTINGS = {
  shared_buffers: "2GB",
  max_wal_size: "16GB",
  checkpoint_timeout: "30min",
  maintenance_work_mem: "1GB",
};
