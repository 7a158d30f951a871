import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * DynamoDB makes each write atomic on its item; moto's server does not (its
 * threads read, check and write an item without a lock, so two concurrent
 * conditional puts of one key can both pass, and two ADDs can lose one).
 * This proxy in front of moto serializes the DynamoDB requests for one item
 * (table and `pk`) and lets everything else through at once, so requests
 * for different items still overlap as they would in AWS.
 */
export interface ItemLockProxy {
  /** Give the SDK this as AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint: string;
  close(): Promise<void>;
}

interface KeyedRequest {
  TableName?: string;
  Key?: { pk?: unknown };
  Item?: { pk?: unknown };
}

function itemOf(target: string | undefined, body: string): string | undefined {
  if (!target?.startsWith('DynamoDB_')) return undefined;
  try {
    const input = JSON.parse(body) as KeyedRequest;
    const pk = input.Key?.pk ?? input.Item?.pk;
    return pk === undefined ? undefined : `${input.TableName}|${JSON.stringify(pk)}`;
  } catch {
    return undefined;
  }
}

/** @example const proxy = await startItemLockProxy(moto.endpoint) */
export async function startItemLockProxy(target: string): Promise<ItemLockProxy> {
  const upstream = new URL(target);
  const tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier request for the same item. */
  const serialized = (item: string | undefined, work: () => Promise<void>): Promise<void> => {
    if (item === undefined) return work();
    const previous = tails.get(item) ?? Promise.resolve();
    const mine = previous.then(work, work);
    tails.set(item, mine);
    return mine.finally(() => {
      if (tails.get(item) === mine) tails.delete(item);
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const item = itemOf(req.headers['x-amz-target'] as string | undefined, body.toString('utf8'));
      void serialized(
        item,
        () =>
          new Promise<void>((done) => {
            const forward = request(
              {
                host: upstream.hostname,
                port: upstream.port,
                method: req.method,
                path: req.url,
                headers: req.headers,
              },
              (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
                answer.on('end', () => done());
              },
            );
            forward.on('error', (error) => {
              res.writeHead(502);
              res.end(String(error));
              done();
            });
            forward.end(body);
          }),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
