/**
 * The error table ({@link io.rolegate.error.ErrorCode}: AWS error code and HTTP status) and the one exception
 * business code throws for a caller's mistake ({@link io.rolegate.error.AwsException}). Imports nothing of Rolegate;
 * every other package (but platform) may import it.
 */
package io.rolegate.error;
