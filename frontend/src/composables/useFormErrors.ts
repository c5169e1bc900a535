//! Puts the server's field errors onto Element Plus form items (`<el-form-item :error="errors.name">`)
//! and shows everything else as a message.
import { reactive } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError, errorMessage, fieldErrorMap } from '@/api';
import { t } from '@/i18n';

/** Shows a failed call as a readable sentence. */
export function notifyError(error: unknown): void {
  ElMessage({ type: 'error', message: errorMessage(error, t), grouping: true, showClose: true });
}

/**
 * `keyOf` names the form item of a server field path; the default puts `polygon[3]` on `polygon`, a form
 * with inputs for nested fields (`assessment.l`) passes its own.
 */
export function useFormErrors<F extends string>(fields: readonly F[], keyOf?: (field: string) => string) {
  const errors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
  }

  /**
   * Assigns field errors to the form's items; errors for fields the form does not show, and errors
   * without fields, become a message. Returns whether any item got an error.
   */
  function apply(error: unknown): boolean {
    clear();
    if (!(error instanceof ApiError) || error.fieldErrors.length === 0) {
      notifyError(error);
      return false;
    }
    const byField = fieldErrorMap(error.fieldErrors, keyOf);
    const leftovers: string[] = [];
    let placed = false;
    for (const [field, message] of Object.entries(byField)) {
      if ((fields as readonly string[]).includes(field)) {
        errors[field] = message;
        placed = true;
      } else {
        leftovers.push(message);
      }
    }
    if (leftovers.length) ElMessage({ type: 'error', message: leftovers.join('; '), showClose: true });
    return placed;
  }

  return { errors, apply, clear };
}
