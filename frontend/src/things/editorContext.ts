//! What the thing-model editor's nested rows share: the server's message for a path, the notice that a
//! row was removed (so messages of the rows after it move up with them), and read-only mode.
import type { InjectionKey } from 'vue';

export interface EditorContext {
  /** The message for a model path (`properties[2].data_type.max`), or `''`. */
  err(path: string): string;
  removed(listPath: string, index: number): void;
  readonly: () => boolean;
}

export const editorKey: InjectionKey<EditorContext> = Symbol('thing-model-editor');

export const noEditor: EditorContext = { err: () => '', removed: () => {}, readonly: () => false };
