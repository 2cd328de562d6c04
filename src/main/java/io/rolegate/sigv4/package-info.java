/**
 * AWS Signature Version 4: canonical requests, string to sign, derived-key cache and verification of signed
 * requests in AWS's step order.
 *
 * <p>Pure: the JDK, model and error only.
 */
package io.rolegate.sigv4;
