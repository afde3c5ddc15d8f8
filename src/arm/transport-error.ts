/**
 * A transport failure as the client reads it: the shape of got's RequestError that src/arm/client.ts uses (`code`,
 * `name`, `message`), made by the exchanges that are not got's (src/arm/http-exchange.ts, the HTTP worker's replies).
 */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    name = 'RequestError',
  ) {
    super(message);
    this.name = name;
  }
}
