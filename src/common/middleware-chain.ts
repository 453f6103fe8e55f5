import { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Express middlewares run one after the other as one layer of the router. Every layer costs a
 * request a turn of Express's router (path matching, its `next` bookkeeping): the app's own
 * dozen layers were as much of a $match's CPU as its score and rank. The first error (or
 * throw) skips the rest and goes on to Express's error handlers, as separate layers would.
 */
export function middlewareChain(...handlers: readonly RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index++];
      if (handler === undefined) return next();
      try {
        void handler(request, response, step);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
