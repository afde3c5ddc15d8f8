/**
 * One pull-request comment per project and environment, updated on every push instead of a new comment each
 * time: the comment carries an invisible marker and is found again by it (REST API: list issue comments, then
 * PATCH the one found or POST a new one). `fetch` is injected so tests run against a local fake of the API.
 */

export interface GitHubCommentTarget {
  /** e.g. https://api.github.com (GITHUB_API_URL) */
  apiUrl: string;
  token: string;
  /** owner/name (GITHUB_REPOSITORY) */
  repository: string;
  /** The pull request's number (issues and pull requests share comment routes). */
  issueNumber: number;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string> }>;

/** The hidden line that identifies our comment for one project folder and environment. */
export function commentMarker(directory: string, environment: string | undefined): string {
  const key = `${directory}${environment ? `#${environment}` : ''}`.replace(/-->/g, '');
  return `<!-- adf-deploy plan: ${key} -->`;
}

/** GitHub's limit for a comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Create or update the comment that carries `marker`; returns what was done and the comment id. */
export async function upsertComment(
  target: GitHubCommentTarget,
  marker: string,
  body: string,
  fetchImpl: FetchLike,
): Promise<{ action: 'created' | 'updated'; id: number }> {
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${target.token}`,
    'content-type': 'application/json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'adf-deploy',
  };
  const full = fitComment(`${marker}\n${body}`);
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}`;
  for (let page = 1; page <= 50; page++) {
    const res = await fetchImpl(`${base}/issues/${target.issueNumber}/comments?per_page=100&page=${page}`, {
      method: 'GET',
      headers,
    });
    if (!res.ok) throw new Error(`GitHub API: listing comments answered ${res.status}: ${await res.text()}`);
    const comments = (await res.json()) as Array<{ id: number; body?: string }>;
    const found = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (found) {
      const patch = await fetchImpl(`${base}/issues/comments/${found.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ body: full }),
      });
      if (!patch.ok) throw new Error(`GitHub API: updating comment ${found.id} answered ${patch.status}`);
      return { action: 'updated', id: found.id };
    }
    if (comments.length < 100) break;
  }
  const post = await fetchImpl(`${base}/issues/${target.issueNumber}/comments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ body: full }),
  });
  if (!post.ok) throw new Error(`GitHub API: creating a comment answered ${post.status}: ${await post.text()}`);
  const created = (await post.json()) as { id: number };
  return { action: 'created', id: created.id };
}

/** Keep a comment under GitHub's limit, saying so when it had to be cut. */
export function fitComment(body: string): string {
  if (body.length <= GITHUB_COMMENT_LIMIT) return body;
  const note = "\n\n… (cut to fit GitHub's comment limit: the full plan is in the job summary and the plan artifact)\n";
  return body.slice(0, GITHUB_COMMENT_LIMIT - note.length) + note;
}
