/** Streams are `<category>-<id>`, for example `opportunity-3f1c…`; the category is what precedes the first dash. */
export const streamName = (category: string, id: string): string => `${category}-${id}`;

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
};
