import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import * as dnsPacket from 'dns-packet';

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) for tests that need real DNS answers: a
 * `node:dns/promises` Resolver pointed at it with `setServers([standIn.server])` gets what the
 * test put in `zone`. Wire format via the `dns-packet` package.
 *
 * - A name in `zone` answers its records of the asked type (TXT, A, AAAA), or an empty NOERROR
 *   answer (NODATA) when it has none of that type.
 * - A name not in `zone` answers NXDOMAIN.
 * - `behaviour = 'servfail'` answers SERVFAIL to everything; `'silent'` never answers (timeouts).
 */
export interface DnsRecords {
  /** Each TXT record is one string (split into ≤ 255-byte chunks on the wire) or its chunks. */
  TXT?: Array<string | string[]>;
  A?: string[];
  AAAA?: string[];
}

export interface DnsStandIn {
  /** `127.0.0.1:<port>`, for `Resolver.setServers`. */
  readonly server: string;
  readonly port: number;
  /** Names are matched case-insensitively, without trailing dot. */
  readonly zone: Map<string, DnsRecords>;
  behaviour: 'answer' | 'servfail' | 'silent';
  /** Every question received, as `TYPE name`, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

function chunks(value: string | string[]): string[] {
  if (Array.isArray(value)) return value;
  const parts: string[] = [];
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < bytes.length || parts.length === 0; offset += 255) {
    parts.push(bytes.subarray(offset, offset + 255).toString('utf8'));
  }
  return parts;
}

function answersFor(question: dnsPacket.Question, records: DnsRecords): dnsPacket.Answer[] {
  const base = { name: question.name, ttl: 60, class: 'IN' as const };
  // Only the types the domain proof asks for; any other type gets an empty (NODATA) answer.
  if (question.type === 'TXT') {
    return (records.TXT ?? []).map((value) => ({ ...base, type: 'TXT', data: chunks(value) }));
  }
  if (question.type === 'A') {
    return (records.A ?? []).map((address) => ({ ...base, type: 'A', data: address }));
  }
  if (question.type === 'AAAA') {
    return (records.AAAA ?? []).map((address) => ({ ...base, type: 'AAAA', data: address }));
  }
  return [];
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

export async function startDnsStandIn(
  initial: Record<string, DnsRecords> = {},
): Promise<DnsStandIn> {
  const socket: Socket = createSocket('udp4');
  const zone = new Map<string, DnsRecords>(
    Object.entries(initial).map(([name, records]) => [name.toLowerCase(), records]),
  );
  const standIn = {
    server: '',
    port: 0,
    zone,
    behaviour: 'answer' as DnsStandIn['behaviour'],
    queries: [] as string[],
    close: async (): Promise<void> => {
      socket.close();
      await once(socket, 'close');
    },
  };

  socket.on('message', (message: Buffer, remote: RemoteInfo) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // Not DNS: ignore, as a real server would.
    }
    const question = query.questions?.[0];
    if (question === undefined) return;
    standIn.queries.push(`${question.type} ${question.name}`);
    if (standIn.behaviour === 'silent') return;
    const records = zone.get(question.name.toLowerCase().replace(/\.$/, ''));
    let rcode = 0;
    if (standIn.behaviour === 'servfail') rcode = RCODE_SERVFAIL;
    else if (records === undefined) rcode = RCODE_NXDOMAIN;
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: [question],
      answers: rcode === 0 && records !== undefined ? answersFor(question, records) : [],
    });
    socket.send(response, remote.port, remote.address);
  });

  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  standIn.port = port;
  standIn.server = `127.0.0.1:${port}`;
  return standIn;
}
