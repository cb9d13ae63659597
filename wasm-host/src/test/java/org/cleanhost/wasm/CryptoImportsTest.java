package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The crypto imports against guests/crypto.wat, in both execution modes. Digests are checked against published vectors. */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class CryptoImportsTest {
    private static final String FOX = "The quick brown fox jumps over the lazy dog";
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
    private static final String HMAC256_FOX = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    private static final String HMAC512_FOX = "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb"
            + "82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a";
    private static final String SHA256_00FF10 = "2da45f2cd1f9c8e69a67abf7a6b26c282533d0a7686787a9533265418680d4d2";

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private CleanInstance guest;

    CryptoImportsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void instantiate() {
        guest = CleanHost.builder(Guests.module("crypto", mode)).console(console).build().newInstance();
    }

    @Test
    void startPrintsTheExpectedOutput() {
        guest.call("start", Void.class);
        assertEquals(SHA256_ABC + "\n" + SHA512_ABC + "\n" + HMAC256_FOX + "\n" + HMAC512_FOX + "\n" + SHA256_00FF10 + "\n"
                + "password ok\n" + "wrong password rejected\n" + "32\n" + "16\n", console.out());
    }

    @Test
    void digestsAreLowercaseHexOfTheUtf8Bytes() {
        assertEquals(SHA256_ABC, guest.call("sha256", String.class, "abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", guest.call("sha256", String.class, ""));
        assertEquals(SHA512_ABC, guest.call("sha512", String.class, "abc"));
        assertEquals(HMAC256_FOX, guest.call("hmac", String.class, FOX, "key", "SHA256"), "algorithm names ignore case");
        assertEquals("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", guest.call("hmac", String.class, "", "", "sha256"),
                "an empty key is HMAC's all-zero key");
    }

    @Test
    void passwordHashesAreSaltedSelfDescribingAndVerify() {
        String hash = guest.call("hash_password", String.class, "s3cret ✓");
        assertTrue(hash.matches("\\$pbkdf2-sha256\\$i=600000,l=32\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
        assertNotEquals(hash, guest.call("hash_password", String.class, "s3cret ✓"), "a fresh salt every time");
        assertEquals(1, guest.call("verify_password", Integer.class, "s3cret ✓", hash));
        assertEquals(0, guest.call("verify_password", Integer.class, "s3cret", hash));
        assertEquals(0, guest.call("verify_password", Integer.class, "s3cret ✓", "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"),
                "bcrypt hashes of other hosts are not readable here: no match");
        assertEquals(0, guest.call("verify_password", Integer.class, "x", "garbage"));
        assertEquals(0, guest.call("verify_password", Integer.class, "x", "$pbkdf2-sha256$i=2000000000,l=32$c2FsdA$" + "A".repeat(43)),
                "absurd iteration counts are refused, not computed");
        assertEquals("", guest.call("hash_password", String.class, ""), "empty password: the hosts' failure value");
        assertFalse(guest.isBroken());
    }

    @Test
    void randomValuesHaveTheDocumentedShapes() {
        String hex = guest.call("random_hex", String.class, 16);
        assertTrue(hex.matches("[0-9a-f]{32}"), hex);
        assertNotEquals(hex, guest.call("random_hex", String.class, 16));
        String b64 = guest.call("random_bytes", String.class, 12);
        assertEquals(12, Base64.getDecoder().decode(b64).length, b64);
        assertEquals("", guest.call("random_hex", String.class, 0));
    }

    @Test
    void sha256BytesHashesRawBytesNotText() {
        int handle = guest.memory().allocateBlock("test", 7);
        guest.memory().write("test", handle, new byte[] {3, 0, 0, 0, 0, (byte) 0xFF, 0x10}); // not valid UTF-8: fine here
        assertEquals(SHA256_00FF10, guest.call("sha256_bytes", String.class, handle));
    }

    @Test
    void unknownHmacAlgorithmIsATypedError() {
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("hmac", String.class, "d", "k", "md5"));
        assertEquals("env._crypto_hmac", e.where());
        assertTrue(e.getMessage().contains("'md5'"), e.getMessage());
        assertTrue(guest.isBroken());
    }

    @Test
    void hugeOrNegativeRandomCountsAreTypedErrors() {
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("random_bytes", String.class, 1 << 30));
        assertTrue(e.getMessage().contains("env._crypto_random_bytes") && e.getMessage().contains(Integer.toString(1 << 30)), e.getMessage());
        CleanInstance other = CleanHost.builder(Guests.module("crypto", mode)).build().newInstance();
        CleanAbiException n = assertThrows(CleanAbiException.class, () -> other.call("random_hex", String.class, -1));
        assertTrue(n.getMessage().contains("-1"), n.getMessage());
    }

    @Test
    void byteHandleOutOfBoundsIsAMemoryError() {
        CleanMemoryException e = assertThrows(CleanMemoryException.class, () -> guest.call("sha256_bytes", String.class, 0x7FFF_FFF0));
        assertTrue(e.getMessage().contains("env._crypto_sha256_bytes"), e.getMessage());
        CleanInstance other = CleanHost.builder(Guests.module("crypto", mode)).build().newInstance();
        int handle = other.memory().allocateBlock("test", 4);
        other.memory().write("test", handle, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0});
        CleanMemoryException l = assertThrows(CleanMemoryException.class, () -> other.call("sha256_bytes", String.class, handle));
        assertTrue(l.getMessage().contains("declares length 16777215"), l.getMessage());
    }
}
