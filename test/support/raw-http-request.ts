import { request, type IncomingHttpHeaders } from 'node:http'

/** An HTTP answer as it came: status, headers and the body as text. */
export interface RawHttpAnswer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
}

/**
 * Sends one request with exactly these headers (node:http, unlike fetch, lets a test set Host, and adds no
 * Content-Type or Origin of its own), as a browser or an attacker would send it; rejects after 10 s without answer.
 */
export function rawHttpRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawHttpAnswer> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: url.hostname, port: url.port, method, path, headers, timeout: 10_000 }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { text += chunk })
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }))
    })
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer within 10 s`)))
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

/** The messages of a Flink error answer (`{"errors":[...]}`); empty for any other answer. */
export function errorsOf(answer: RawHttpAnswer): string[] {
  if (answer.text === '') return []
  return (JSON.parse(answer.text) as { errors?: string[] }).errors ?? []
}
