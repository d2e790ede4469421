/**
 * The error the renderer throws for input it cannot draw (an unknown shape, a
 * non-finite size, a texture index out of range, an unwritable PNG path). It
 * is thrown before any pixel is traced, and carries the original failure as
 * `cause` where there is one. (This package does not depend on
 * `@steth/core`, which pulls in tfjs; it subclasses the shared root
 * `StethError` from the dependency-free `@steth/errors`.)
 */
import { StethError } from '@steth/errors';

/** Bad input to the renderer, the PNG writer or the contact sheet. */
export class RenderError extends StethError {
  override name = 'RenderError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
