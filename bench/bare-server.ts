/**
 * The baseline for the home-page benchmark: a minimal Fastify instance whose one route sends a fixed
 * Buffer (a snapshot of the rendered home page) with the same content type.
 *   node --import tsx bench/bare-server.ts <port> <body file> <content type>
 */
import fs from 'node:fs';
import Fastify from 'fastify';

const [port, file, contentType] = process.argv.slice(2);
const body = fs.readFileSync(file!);
const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type(contentType!).send(body));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
