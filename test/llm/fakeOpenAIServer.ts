import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the cloud model that speaks the OpenAI REST protocol on 127.0.0.1:
 * `POST /v1/chat/completions`, `POST /v1/embeddings` and Azure's
 * `POST /openai/deployments/<deployment>/{chat/completions,embeddings}?api-version=…`.
 *
 * A test says *what* the model answers (a structured object, a status, silence); the server encodes it
 * the way the client asked for it: `response_format: json_schema` as message content,
 * `tools` + `tool_choice` as a function call. Every request is recorded for assertions.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Azure deployment from the URL, when the Azure URL shape was used. */
  deployment?: string;
}

export type ChatBehaviour =
  | { kind: 'structured'; value: unknown }
  /** Raw assistant content, e.g. malformed JSON. */
  | { kind: 'raw'; content: string }
  | { kind: 'status'; status: number; message: string }
  /** Accept the request and never answer. */
  | { kind: 'hang' };

export interface FakeOpenAIServer {
  baseUrl: string;
  /** OpenAI-style base URL, `…/v1`. */
  openAIBaseUrl: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  embeddingRequests(): RecordedRequest[];
  /** Behaviour of the next chat requests (default: a 500 so a forgotten setup is visible). */
  onChat(behaviour: ChatBehaviour | ((request: RecordedRequest) => ChatBehaviour)): void;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 24;

/** Deterministic unit vector per text, from its SHA-256, so equal texts get equal vectors. */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const digest = createHash('sha256').update(text).digest();
  const vector = Array.from({ length: dimensions }, (_, i) => ((digest[i % digest.length] ?? 0) - 127.5) / 127.5);
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return vector.map((v) => v / norm);
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      try {
        const text = Buffer.concat(parts).toString('utf8');
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function apiError(response: ServerResponse, status: number, message: string, code: string): void {
  sendJson(response, status, { error: { message, type: code, param: null, code } });
}

let completionCounter = 0;

function chatCompletion(request: RecordedRequest, behaviour: Extract<ChatBehaviour, { kind: 'structured' | 'raw' }>): unknown {
  const model = typeof request.body.model === 'string' ? request.body.model : (request.deployment ?? 'fake');
  const tools = request.body.tools as { type: string; function: { name: string } }[] | undefined;
  const toolChoice = request.body.tool_choice as { function?: { name?: string } } | undefined;
  const wantsTool = Array.isArray(tools) && tools.length > 0;
  const content = behaviour.kind === 'raw' ? behaviour.content : JSON.stringify(behaviour.value);
  const message = wantsTool
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: `call_${++completionCounter}`,
            type: 'function',
            function: { name: toolChoice?.function?.name ?? tools[0]?.function.name ?? 'extract', arguments: content },
          },
        ],
      }
    : { role: 'assistant', content, refusal: null };
  return {
    id: `chatcmpl-fake-${++completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, message, logprobs: null, finish_reason: wantsTool ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

function embeddingsResponse(request: RecordedRequest): unknown {
  const rawInput = request.body.input;
  const inputs = Array.isArray(rawInput) ? rawInput.map(String) : [String(rawInput)];
  const base64 = request.body.encoding_format === 'base64';
  return {
    object: 'list',
    model: typeof request.body.model === 'string' ? request.body.model : (request.deployment ?? 'fake'),
    data: inputs.map((text, index) => {
      const vector = fakeEmbedding(text);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      };
    }),
    usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
  };
}

export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  let chatBehaviour: ChatBehaviour | ((request: RecordedRequest) => ChatBehaviour) = {
    kind: 'status',
    status: 500,
    message: 'no chat behaviour configured',
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Record<string, unknown>;
      try {
        body = await readJson(req);
      } catch {
        apiError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
        return;
      }
      const azure = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(url.pathname);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        ...(azure?.[1] ? { deployment: decodeURIComponent(azure[1]) } : {}),
      };
      requests.push(recorded);

      if (req.method !== 'POST') return apiError(res, 405, 'Method not allowed', 'invalid_request_error');
      if (azure) {
        if (!url.searchParams.get('api-version')) return apiError(res, 404, 'Resource not found', 'NotFound');
        if (!req.headers['api-key'] && !req.headers.authorization) {
          return apiError(res, 401, 'Access denied due to missing subscription key or token.', '401');
        }
      } else if (!req.headers.authorization) {
        return apiError(res, 401, 'You did not provide an API key.', 'invalid_api_key');
      }
      const endpoint = azure ? `/${azure[2]}` : url.pathname.replace(/^\/v1/, '');

      if (endpoint === '/embeddings') return sendJson(res, 200, embeddingsResponse(recorded));
      if (endpoint !== '/chat/completions') return apiError(res, 404, `Unknown path ${url.pathname}`, 'not_found');
      if (!Array.isArray(body.messages)) return apiError(res, 400, "'messages' is a required property", 'invalid_request_error');

      const behaviour = typeof chatBehaviour === 'function' ? chatBehaviour(recorded) : chatBehaviour;
      switch (behaviour.kind) {
        case 'hang':
          return; // The socket stays open until the client aborts or the server closes.
        case 'status':
          return apiError(res, behaviour.status, behaviour.message, 'server_error');
        default:
          return sendJson(res, 200, chatCompletion(recorded, behaviour));
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    openAIBaseUrl: `${baseUrl}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions')),
    embeddingRequests: () => requests.filter((r) => r.path.endsWith('/embeddings')),
    onChat(behaviour) {
      chatBehaviour = behaviour;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
