import { request, toQuery } from './client';
import type { ItemList, Job, JobType, JobTypeInfo } from './types';

/** `GET /api/jobs` — recent jobs in scope. */
export function fetchJobs(limit = 50, signal?: AbortSignal): Promise<ItemList<Job>> {
  return request<ItemList<Job>>('GET', `/api/jobs${toQuery({ limit })}`, { signal });
}

/** `GET /api/jobs/types` — the job types the caller's role may start. */
export function fetchJobTypes(signal?: AbortSignal): Promise<ItemList<JobTypeInfo>> {
  return request<ItemList<JobTypeInfo>>('GET', '/api/jobs/types', { signal });
}

/** `GET /api/jobs/:id` — one job with its progress, result or error. */
export function fetchJob(id: string, signal?: AbortSignal): Promise<Job> {
  return request<Job>('GET', `/api/jobs/${encodeURIComponent(id)}`, { signal });
}

/** `POST /api/jobs` — queues a job. */
export function startJob(type: JobType, payload: Record<string, unknown> = {}): Promise<Job> {
  return request<Job>('POST', '/api/jobs', { body: { type, payload } });
}

/** `POST /api/jobs/:id/cancel` — cancels a queued or running job. */
export function cancelJob(id: string): Promise<Job> {
  return request<Job>('POST', `/api/jobs/${encodeURIComponent(id)}/cancel`);
}

/** Whether a job is still doing (or waiting to do) work. */
export function isJobActive(job: Job): boolean {
  return job.status === 'queued' || job.status === 'running';
}
