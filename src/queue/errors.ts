/** The queue backend's user-facing error: Redis unreachable, data too large, a bad job. Exit code 2 in the CLI. */
import { HdfeError } from '../errors.js';

export class QueueError extends HdfeError {
  override name = 'QueueError';
}
