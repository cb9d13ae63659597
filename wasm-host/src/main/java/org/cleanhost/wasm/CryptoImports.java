package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I32;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The crypto imports of cln 0.33 (category {@code crypto}), on the JDK's own providers only. Digests are
 * lowercase hex and random bytes standard Base64, as Clean's hosts return them; password hashes are
 * PBKDF2-HMAC-SHA256 in the PHC string format (the hosts use bcrypt, which the JDK lacks). docs/abi.md,
 * "Crypto imports", has the formats.
 */
final class CryptoImports {
    /** Most random bytes one call may ask for (Clean's Rust host has the same cap). */
    static final int MAX_RANDOM_BYTES = 1 << 20;
    /** PBKDF2 iterations for new hashes: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int PBKDF2_ITERATIONS = 600_000;
    /** Hashes claiming more iterations are rejected by verification (a hostile hash must not burn a core for minutes). */
    static final int PBKDF2_MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String PHC_ID = "$pbkdf2-sha256$";
    private static final Pattern PHC = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=([0-9]{1,10}),l=([0-9]{1,3})\\$([A-Za-z0-9+/]{1,128})\\$([A-Za-z0-9+/]{1,344})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private CryptoImports() {}

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "_crypto_hash_password", "PBKDF2-HMAC-SHA256 password hash (PHC string)", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_hash_password";
                    String password = c.memory().readUtf8(where, a[0], a[1]);
                    return new long[] {c.memory().writeLp(where, password.isEmpty() ? "" : hashPassword(password))};
                }),
                ImportSpec.of("env", "_crypto_verify_password", "1 if the password matches the hash, else 0", List.of(I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_verify_password";
                    String password = c.memory().readUtf8(where, a[0], a[1]);
                    String hash = c.memory().readUtf8(where, a[2], a[3]);
                    return new long[] {verifyPassword(password, hash) ? 1 : 0};
                }),
                ImportSpec.of("env", "_crypto_random_bytes", "n random bytes, standard Base64", List.of(I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_random_bytes";
                    return new long[] {c.memory().writeLp(where, Base64.getEncoder().encodeToString(random(where, a[0])))};
                }),
                ImportSpec.of("env", "_crypto_random_hex", "n random bytes, lowercase hex", List.of(I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_random_hex";
                    return new long[] {c.memory().writeLp(where, HEX.formatHex(random(where, a[0])))};
                }),
                ImportSpec.of("env", "_crypto_hash_sha256", "SHA-256 of the UTF-8 text, lowercase hex", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_hash_sha256";
                    byte[] data = c.memory().readUtf8(where, a[0], a[1]).getBytes(StandardCharsets.UTF_8);
                    return new long[] {c.memory().writeLp(where, HEX.formatHex(digest("SHA-256", data)))};
                }),
                ImportSpec.of("env", "_crypto_sha256_bytes", "SHA-256 of the bytes of an LP buffer, lowercase hex", List.of(I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_sha256_bytes";
                    return new long[] {c.memory().writeLp(where, HEX.formatHex(digest("SHA-256", c.memory().readLpBytes(where, a[0]))))};
                }),
                ImportSpec.of("env", "_crypto_hash_sha512", "SHA-512 of the UTF-8 text, lowercase hex", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_hash_sha512";
                    byte[] data = c.memory().readUtf8(where, a[0], a[1]).getBytes(StandardCharsets.UTF_8);
                    return new long[] {c.memory().writeLp(where, HEX.formatHex(digest("SHA-512", data)))};
                }),
                ImportSpec.of("env", "_crypto_hmac", "HMAC (sha256 or sha512) of data with key, lowercase hex", List.of(I32, I32, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._crypto_hmac";
                    String data = c.memory().readUtf8(where, a[0], a[1]);
                    String key = c.memory().readUtf8(where, a[2], a[3]);
                    String algorithm = c.memory().readUtf8(where, a[4], a[5]);
                    String mac = macAlgorithm(algorithm);
                    if (mac == null) {
                        throw new CleanAbiException(where, "unsupported HMAC algorithm '" + algorithm + "' (sha256 or sha512)");
                    }
                    return new long[] {c.memory().writeLp(where, HEX.formatHex(hmac(mac, key.getBytes(StandardCharsets.UTF_8),
                            data.getBytes(StandardCharsets.UTF_8))))};
                }));
    }

    /** {@code sha256} / {@code sha512} (any case) to the JCA name, else null. */
    private static String macAlgorithm(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sha256":
                return "HmacSHA256";
            case "sha512":
                return "HmacSHA512";
            default:
                return null;
        }
    }

    private static byte[] random(String where, long count) {
        int n = (int) count;
        if (n < 0 || n > MAX_RANDOM_BYTES) {
            throw new CleanAbiException(where, "byte count " + n + " is outside 0.." + MAX_RANDOM_BYTES);
        }
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** HMAC with a JCA MAC name; an empty key is allowed (HMAC pads it), unlike SecretKeySpec. */
    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec rejects an empty key; HMAC defines the empty key as a block of zero bytes.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute " + algorithm, e);
        }
    }

    /** {@code $pbkdf2-sha256$i=600000,l=32$<salt>$<hash>}, salt and hash standard Base64 without padding. */
    static String hashPassword(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, PBKDF2_ITERATIONS, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PHC_ID + "i=" + PBKDF2_ITERATIONS + ",l=" + HASH_BYTES + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** False for a wrong password and for any hash this host did not produce or cannot read. */
    static boolean verifyPassword(String password, String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (password.isEmpty() || !m.matches()) {
            return false;
        }
        long iterations = Long.parseLong(m.group(1));
        int length = Integer.parseInt(m.group(2));
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(3));
            expected = Base64.getDecoder().decode(m.group(4));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS || length < 16 || length > 64 || expected.length != length) {
            return false;
        }
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, (int) iterations, length));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JDK cannot compute PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
