/**
 * {@code GET /api/v1/workers}: the registered workers (the jobs library's {@link
 * io.moeplatform.jobs.Workers}). The embedded worker of the default setup starts by the
 * training-worker module's own auto-configuration, not from here.
 */
package io.moeplatform.platform.worker;
