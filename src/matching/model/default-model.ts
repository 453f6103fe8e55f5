/**
 * The checked-in starting model: hand-set m and u for US patient registrations, to be replaced
 * by `mpi train` on the store's own records. The file is read by the caller (this folder does
 * no I/O) and handed to parseMatchModel.
 */
export const DEFAULT_MODEL_FILE = 'data/models/default.json';
