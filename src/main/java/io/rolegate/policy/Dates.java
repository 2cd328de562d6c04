package io.rolegate.policy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Date values of Date* conditions: ISO-8601 ({@code 2020-01-01T00:00:01Z}, partial forms, fractions, +hh:mm zones)
 * or epoch seconds. The accepted grammar follows what IAM's legacy parser accepts (docs/aws-behaviour.md §4.6);
 * anything else is "The policy failed legacy parsing" in a policy, and simply not a date in a request.
 */
final class Dates {
    private Dates() {
    }

    /** Epoch millis, or null when the text is not a date IAM accepts. */
    static Long parse(String value) {
        Long fast = fastUtc(value);
        if (fast != null) {
            return fast;
        }
        try {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.indexOf('t') < 0 && v.indexOf('-') < 0) {
                long seconds = Long.parseLong(v);
                if (seconds < 0) {
                    return null;
                }
                return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
            }
            return iso(v);
        } catch (RuntimeException e) { // NumberFormatException, DateTimeException
            return null;
        }
    }

    /** Fast path for the usual {@code yyyy-MM-ddTHH:mm:ss[.fff]Z} form (aws:CurrentTime, aws:TokenIssueTime). */
    private static Long fastUtc(String v) {
        int n = v.length();
        if (n < 20 || v.charAt(4) != '-' || v.charAt(7) != '-' || (v.charAt(10) != 'T' && v.charAt(10) != 't')
                || v.charAt(13) != ':' || v.charAt(16) != ':' || (v.charAt(n - 1) != 'Z' && v.charAt(n - 1) != 'z')) {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        int millis = 0;
        if (n > 20) {
            if (v.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int frac = digits(v, 20, n - 1);
            if (frac < 0) {
                return null;
            }
            for (int i = n - 21; i < 3; i++) {
                frac *= 10;
            }
            for (int i = n - 21; i > 3; i--) {
                frac /= 10;
            }
            millis = frac;
        } else if (n != 20) {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, 1).toEpochDay() + day - 1;
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Long iso(String v) {
        int t = v.indexOf('t');
        String datePart = t < 0 ? v : v.substring(0, t);
        String timePart = t < 0 ? "" : v.substring(t + 1);
        boolean negative = datePart.startsWith("-");
        String[] d = (negative ? datePart.substring(1) : datePart).split("-", -1);
        if (d.length > 3) {
            return null;
        }
        long year = Long.parseLong(d[0]) * (negative ? -1 : 1);
        if (year < -292275054L || year > 292278993L) {
            return null;
        }
        int month = d.length > 1 ? Integer.parseInt(d[1]) : 1;
        int day = d.length > 2 ? Integer.parseInt(d[2]) : 1;
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        long nanos = 0;
        int offsetSeconds = 0;
        if (!timePart.isEmpty()) {
            String zone = "";
            int z = timePart.indexOf('z');
            int plus = timePart.indexOf('+');
            if (z >= 0) {
                if (z != timePart.length() - 1) {
                    return null;
                }
                timePart = timePart.substring(0, z);
            } else if (plus >= 0) {
                zone = timePart.substring(plus + 1);
                timePart = timePart.substring(0, plus);
            }
            String[] tp = timePart.split(":", -1);
            if (tp.length > 3) {
                return null;
            }
            if (!tp[0].isEmpty()) {
                hour = Integer.parseInt(tp[0]);
            }
            if (tp.length > 1) {
                minute = Integer.parseInt(tp[1]);
            }
            if (tp.length > 2) {
                String sec = tp[2];
                int dot = sec.indexOf('.');
                second = Integer.parseInt(dot < 0 ? sec : sec.substring(0, dot));
                if (dot >= 0) {
                    String frac = sec.substring(dot + 1);
                    long f = Long.parseLong(frac);
                    if (f < 0 || f > 999_999_999L || frac.length() > 9) {
                        return null;
                    }
                    nanos = f * (long) Math.pow(10, 9 - frac.length());
                }
            }
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return null;
            }
            if (!zone.isEmpty()) {
                String[] zp = zone.split(":", -1);
                if (zp[0].length() != 2 || zp.length > 2 || (zp.length == 2 && zp[1].length() != 2)) {
                    return null;
                }
                int zh = Integer.parseInt(zp[0]);
                int zm = zp.length == 2 ? Integer.parseInt(zp[1]) : 0;
                if (zh < 0 || zh > 23 || zm < 0 || zm > 59) {
                    return null;
                }
                offsetSeconds = zh * 3600 + zm * 60;
            } else if (plus >= 0) {
                return null;
            }
        }
        // Day 31 of a short month is accepted by the legacy parser; roll over instead of failing.
        LocalDate date = LocalDate.of((int) year, month, 1).plusDays(day - 1L);
        LocalDateTime ldt = date.atTime(hour, minute, second, (int) nanos);
        long epochSecond = ldt.toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
        try {
            return Math.addExact(Math.multiplyExact(epochSecond, 1000L), nanos / 1_000_000);
        } catch (ArithmeticException e) {
            return epochSecond < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
