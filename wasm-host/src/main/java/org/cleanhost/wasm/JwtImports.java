package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The JWT imports of cln 0.33 (category {@code jwt}): HMAC-signed tokens (HS256, HS384, HS512) built from
 * the JDK's HMAC, Base64URL and Jackson. A token that does not verify is an empty string, as in Clean's
 * hosts; arguments the host cannot use (payload not a JSON object, empty secret, unknown algorithm) are a
 * {@link CleanAbiException}. docs/abi.md, "JWT imports".
 */
final class JwtImports {
    /** Clock skew tolerated for {@code exp} and {@code nbf}, as Clean's Rust host allows. */
    static final long LEEWAY_SECONDS = 60;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private JwtImports() {}

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "_jwt_sign", "HS256/384/512 token for a JSON object payload", List.of(I32, I32, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._jwt_sign";
                    String payload = c.memory().readUtf8(where, a[0], a[1]);
                    String secret = c.memory().readUtf8(where, a[2], a[3]);
                    String algorithm = c.memory().readUtf8(where, a[4], a[5]);
                    return new long[] {c.memory().writeLp(where, sign(where, payload, secret, algorithm))};
                }),
                ImportSpec.of("env", "_jwt_verify", "the payload JSON of a valid token, else \"\"", List.of(I32, I32, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._jwt_verify";
                    String token = c.memory().readUtf8(where, a[0], a[1]);
                    String secret = c.memory().readUtf8(where, a[2], a[3]);
                    String algorithm = c.memory().readUtf8(where, a[4], a[5]);
                    return new long[] {c.memory().writeLp(where, verify(where, token, secret, algorithm, System.currentTimeMillis() / 1000))};
                }),
                ImportSpec.of("env", "_jwt_decode", "{\"header\":..,\"payload\":..} without verification, else \"\"", List.of(I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._jwt_decode";
                    String token = c.memory().readUtf8(where, a[0], a[1]);
                    Token parsed = Token.parse(where, token);
                    if (parsed == null) {
                        return new long[] {c.memory().writeLp(where, "")};
                    }
                    ObjectNode both = NODES.objectNode();
                    both.set("header", parsed.header);
                    both.set("payload", parsed.payload);
                    return new long[] {c.memory().writeLp(where, BoxedValues.compact(both))};
                }));
    }

    /** JCA MAC for a JWT {@code alg}; "" means HS256. Null for anything else ("none", RS256, ...). */
    private static String mac(String algorithm) {
        switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "":
            case "HS256":
                return "HmacSHA256";
            case "HS384":
                return "HmacSHA384";
            case "HS512":
                return "HmacSHA512";
            default:
                return null;
        }
    }

    static String sign(String where, String payload, String secret, String algorithm) {
        String mac = mac(algorithm);
        if (mac == null) {
            throw new CleanAbiException(where, "unsupported JWT algorithm '" + algorithm + "' (HS256, HS384 or HS512)");
        }
        if (secret.isEmpty()) {
            throw new CleanAbiException(where, "empty secret");
        }
        BoxedValues.Parsed parsed = BoxedValues.parse(where, payload);
        if (parsed.value() == null || !parsed.value().isObject()) {
            throw new CleanAbiException(where, "payload is not a JSON object: " + abbreviate(payload));
        }
        ObjectNode header = NODES.objectNode();
        header.put("alg", algorithm.isEmpty() ? "HS256" : algorithm.toUpperCase(Locale.ROOT));
        header.put("typ", "JWT");
        String signingInput = base64Url(BoxedValues.compact(header)) + "." + base64Url(BoxedValues.compact(parsed.value()));
        byte[] signature = CryptoImports.hmac(mac, secret.getBytes(StandardCharsets.UTF_8), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64URL.encodeToString(signature);
    }

    /**
     * The payload (compact JSON) when the signature matches, the header's {@code alg} is an HMAC one (and the
     * requested one, unless {@code algorithm} is empty) and {@code exp}/{@code nbf}, when present, hold at
     * {@code nowSeconds} within {@link #LEEWAY_SECONDS}; otherwise "".
     */
    static String verify(String where, String token, String secret, String algorithm, long nowSeconds) {
        if (!algorithm.isEmpty() && mac(algorithm) == null) {
            throw new CleanAbiException(where, "unsupported JWT algorithm '" + algorithm + "' (HS256, HS384 or HS512)");
        }
        Token parsed = Token.parse(where, token);
        if (parsed == null || secret.isEmpty()) {
            return "";
        }
        JsonNode alg = parsed.header.get("alg");
        String mac = alg != null && alg.isTextual() && !alg.textValue().isEmpty() ? mac(alg.textValue()) : null;
        if (mac == null || (!algorithm.isEmpty() && !alg.textValue().equalsIgnoreCase(algorithm))) {
            return "";
        }
        byte[] expected = CryptoImports.hmac(mac, secret.getBytes(StandardCharsets.UTF_8), parsed.signingInput.getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, parsed.signature)) {
            return "";
        }
        JsonNode exp = parsed.payload.get("exp");
        if (exp != null && (!exp.isNumber() || nowSeconds - LEEWAY_SECONDS >= exp.asDouble())) {
            return "";
        }
        JsonNode nbf = parsed.payload.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nowSeconds + LEEWAY_SECONDS < nbf.asDouble())) {
            return "";
        }
        return BoxedValues.compact(parsed.payload);
    }

    private static String base64Url(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...'";
    }

    /** A compact-serialized JWS split and decoded; null when it is not one with JSON-object header and payload. */
    private static final class Token {
        final ObjectNode header;
        final ObjectNode payload;
        final String signingInput;
        final byte[] signature;

        private Token(ObjectNode header, ObjectNode payload, String signingInput, byte[] signature) {
            this.header = header;
            this.payload = payload;
            this.signingInput = signingInput;
            this.signature = signature;
        }

        static Token parse(String where, String token) {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return null;
            }
            try {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                JsonNode header = BoxedValues.parse(where, new String(b64.decode(parts[0]), StandardCharsets.UTF_8)).value();
                JsonNode payload = BoxedValues.parse(where, new String(b64.decode(parts[1]), StandardCharsets.UTF_8)).value();
                byte[] signature = b64.decode(parts[2]);
                if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                    return null;
                }
                return new Token((ObjectNode) header, (ObjectNode) payload, parts[0] + "." + parts[1], signature);
            } catch (IllegalArgumentException e) {
                return null; // not Base64URL
            } catch (CleanAbiException e) {
                return null; // JSON beyond the parser's limits is no token of ours either
            }
        }
    }
}
