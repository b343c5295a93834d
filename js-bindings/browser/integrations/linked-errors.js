// linkedErrors: the client follows `error[key]` up to `limit` deep when it describes a thrown
// error (host-error.js), and the core turns the chain into linked exceptions. This integration
// only hands the user's choice to the client through its options (options.linkedErrors),
// where the client reads it at capture time; an explicit init() option wins.

const NAME = 'LinkedErrors';

/**
 * @param {{ key?: string, limit?: number }} [options] the property holding the next error
 *   ('cause') and how many linked errors to follow (5)
 * @returns {{ name: string, options: { key: string, limit: number }, setup(client: object): void }}
 */
export function linkedErrorsIntegration({ key = 'cause', limit = 5 } = {}) {
  const options = { key, limit };
  return {
    name: NAME,
    options,
    setup(client) {
      try {
        const clientOptions = client.getOptions?.();
        if (clientOptions && clientOptions.linkedErrors === undefined) clientOptions.linkedErrors = options;
      } catch {
        // The client keeps its defaults (cause, 5).
      }
    },
  };
}
