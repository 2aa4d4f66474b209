/**
 * Objects in S3-compatible storage through the MinIO client: checkpoints and dataset blobs, with
 * a SHA-256 recorded on write and verified on read, and an embedded S3 server (S3Proxy on a
 * local folder) for the default setup. Stores bytes and manifests; never imports DJL.
 */
package io.moeplatform.store;
