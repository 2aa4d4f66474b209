/**
 * The job lifecycle on the Java side, one owner for the apps around it: {@link
 * io.moeplatform.jobs.JobState} and {@link io.moeplatform.jobs.JobStateMachine} (every transition
 * and its rule), {@link io.moeplatform.jobs.JobQueue} (claims with {@code SKIP LOCKED}, leases,
 * the lease sweep, cancel and resume: the only code that writes a job's state) and {@link
 * io.moeplatform.jobs.Workers} (the worker registry). Spring Boot auto-configures them ({@link
 * io.moeplatform.jobs.JobsAutoConfiguration}, settings {@code moe.jobs.*}); Spring Batch keeps its
 * own JobRepository on the same database.
 */
package io.moeplatform.jobs;
