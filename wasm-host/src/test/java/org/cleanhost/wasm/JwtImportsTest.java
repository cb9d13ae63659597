package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JWT imports against guests/jwt.wat, in both execution modes. The expected tokens were computed
 * independently (Python's hmac/hashlib/base64 over the same header and payload bytes).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class JwtImportsTest {
    private static final String CLAIMS = "{\"sub\":\"42\",\"name\":\"Ada\",\"admin\":true}";
    private static final String HS256_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJBZGEiLCJhZG1pbiI6dHJ1ZX0"
            + ".ZNzRljoCCnWz5CPJxqR48cTYD4ZlWZ0LMGBgXcmJbdc";
    private static final String HS512_TOKEN = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJBZGEiLCJhZG1pbiI6dHJ1ZX0"
            + ".tMpIHiBWgyPKR65iieqv9bgoNrboGvX91FgQpGSgsgHlcwV4oddQOE4qzltBbrz-BTc69GtvbIchUzTzC3g4rg";

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private CleanInstance guest;

    JwtImportsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void instantiate() {
        guest = CleanHost.builder(Guests.module("jwt", mode)).console(console).build().newInstance();
    }

    @Test
    void startPrintsTheExpectedOutput() {
        guest.call("start", Void.class);
        assertEquals(HS256_TOKEN + "\n" + CLAIMS + "\n" + "forged token rejected\n"
                + "{\"header\":{\"alg\":\"HS256\",\"typ\":\"JWT\"},\"payload\":" + CLAIMS + "}\n", console.out());
    }

    @Test
    void signsHs256AndHs512Deterministically() {
        assertEquals(HS256_TOKEN, guest.call("sign", String.class, CLAIMS, "secret", "HS256"));
        assertEquals(HS256_TOKEN, guest.call("sign", String.class, " { \"sub\" : \"42\", \"name\":\"Ada\", \"admin\": true } ", "secret", ""),
                "the payload is compacted; an empty algorithm means HS256");
        assertEquals(HS512_TOKEN, guest.call("sign", String.class, CLAIMS, "secret", "hs512"));
    }

    @Test
    void verifyChecksSignatureAlgorithmAndTimes() {
        assertEquals(CLAIMS, guest.call("verify", String.class, HS512_TOKEN, "secret", ""), "empty algorithm: any HMAC one");
        assertEquals("", guest.call("verify", String.class, HS512_TOKEN, "secret", "HS256"), "the requested algorithm must match");
        assertEquals("", guest.call("verify", String.class, HS256_TOKEN.substring(0, HS256_TOKEN.length() - 2) + "xx", "secret", "HS256"));
        assertEquals("", guest.call("verify", String.class, "not.a.token", "secret", "HS256"));
        assertEquals("", guest.call("verify", String.class, "", "secret", "HS256"));
        long now = System.currentTimeMillis() / 1000;
        String expired = guest.call("sign", String.class, "{\"sub\":\"1\",\"exp\":" + (now - 3600) + "}", "k", "HS256");
        assertEquals("", guest.call("verify", String.class, expired, "k", "HS256"));
        String fresh = guest.call("sign", String.class, "{\"sub\":\"1\",\"exp\":" + (now + 3600) + "}", "k", "HS256");
        assertEquals("{\"sub\":\"1\",\"exp\":" + (now + 3600) + "}", guest.call("verify", String.class, fresh, "k", "HS256"));
        String early = guest.call("sign", String.class, "{\"nbf\":" + (now + 3600) + "}", "k", "HS256");
        assertEquals("", guest.call("verify", String.class, early, "k", "HS256"));
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(CLAIMS) + ".";
        assertEquals("", guest.call("verify", String.class, none, "secret", ""), "alg none is never accepted");
    }

    @Test
    void decodeDoesNotVerify() {
        assertEquals("{\"header\":{\"alg\":\"HS512\",\"typ\":\"JWT\"},\"payload\":" + CLAIMS + "}", guest.call("decode", String.class, HS512_TOKEN));
        assertEquals("", guest.call("decode", String.class, "a.b"));
        assertEquals("", guest.call("decode", String.class, b64("[1]") + "." + b64(CLAIMS) + ".sig"), "a header that is not an object");
    }

    @Test
    void payloadThatIsNotAnObjectIsATypedError() {
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("sign", String.class, "[1,2]", "secret", "HS256"));
        assertEquals("env._jwt_sign", e.where());
        assertTrue(e.getMessage().contains("not a JSON object") && e.getMessage().contains("[1,2]"), e.getMessage());
        assertTrue(guest.isBroken());
    }

    @Test
    void unsupportedAlgorithmOrEmptySecretIsATypedError() {
        CleanAbiException rs = assertThrows(CleanAbiException.class, () -> guest.call("sign", String.class, CLAIMS, "secret", "RS256"));
        assertTrue(rs.getMessage().contains("'RS256'"), rs.getMessage());
        CleanInstance other = CleanHost.builder(Guests.module("jwt", mode)).build().newInstance();
        CleanAbiException empty = assertThrows(CleanAbiException.class, () -> other.call("sign", String.class, CLAIMS, "", "HS256"));
        assertTrue(empty.getMessage().contains("empty secret"), empty.getMessage());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
