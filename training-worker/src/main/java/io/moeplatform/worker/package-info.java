/**
 * The training worker: claims queued jobs and runs each as a restartable Spring Batch job
 * (prepare data, train, evaluate, publish) on the MoE engine.
 */
package io.moeplatform.worker;
