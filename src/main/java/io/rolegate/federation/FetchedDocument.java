package io.rolegate.federation;

/**
 * A document fetched with HTTP 200 and the response headers that decide how long it may be cached.
 *
 * @param body         the body, UTF-8 decoded
 * @param cacheControl the Cache-Control header, null when absent
 * @param age          the Age header (seconds a shared cache on the way has held it), null when absent
 */
public record FetchedDocument(String body, String cacheControl, String age) {
    public static FetchedDocument of(String body) {
        return new FetchedDocument(body, null, null);
    }
}
