;; crypto.wat — conformance guest for the crypto imports (CryptoImportsTest, COMPILED and INTERPRETED).
;;
;; Lowered by hand the way cln 0.33 lowers this Clean program: `string` arguments of bridges expand to
;; (ptr + 4, length) of the LP literal, `integer` counts are i32, `ptr` results are LP strings, a byte
;; buffer (crypto.sha256_bytes) is passed as its LP handle, string.length is the i32 at the pointer.
;;
;;   functions:
;;       string sha256(string text)                      -> return crypto.hash_sha256(text)
;;       string sha512(string text)                      -> return crypto.hash_sha512(text)
;;       string hmac(string data, string key, string algorithm) -> return crypto.hmac(data, key, algorithm)
;;       string hash_password(string password)           -> return crypto.hash_password(password)
;;       boolean verify_password(string password, string hash) -> return crypto.verify_password(password, hash)
;;       string random_hex(integer n)                    -> return crypto.random_hex(n)
;;       string random_bytes(integer n)                  -> return crypto.random_bytes(n)
;;       string sha256_bytes(bytes data)                 -> return crypto.sha256_bytes(data)
;;   start:
;;       printl(crypto.hash_sha256("abc"))
;;       printl(crypto.hash_sha512("abc"))
;;       printl(crypto.hmac("The quick brown fox jumps over the lazy dog", "key", "sha256"))
;;       printl(crypto.hmac("The quick brown fox jumps over the lazy dog", "key", "sha512"))
;;       printl(crypto.sha256_bytes(bytes [0x00, 0xff, 0x10]))
;;       string hash = crypto.hash_password("correct horse")
;;       if crypto.verify_password("correct horse", hash): printl("password ok")
;;       if not crypto.verify_password("wrong", hash): printl("wrong password rejected")
;;       print(crypto.random_hex(16).length)
;;       printl("")
;;       print(crypto.random_bytes(12).length)
;;       printl("")
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "_crypto_hash_password" (func $hash_password (param i32 i32) (result i32)))
  (import "env" "_crypto_verify_password" (func $verify_password (param i32 i32 i32 i32) (result i32)))
  (import "env" "_crypto_random_bytes" (func $random_bytes (param i32) (result i32)))
  (import "env" "_crypto_random_hex" (func $random_hex (param i32) (result i32)))
  (import "env" "_crypto_hash_sha256" (func $sha256 (param i32 i32) (result i32)))
  (import "env" "_crypto_sha256_bytes" (func $sha256_bytes (param i32) (result i32)))
  (import "env" "_crypto_hash_sha512" (func $sha512 (param i32 i32) (result i32)))
  (import "env" "_crypto_hmac" (func $hmac (param i32 i32 i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "\03\00\00\00abc")  ;; 'abc'
  (data (i32.const 1040) "\2b\00\00\00The quick brown fox jumps over the lazy dog")  ;; 'The quick brown fox jumps over the lazy dog'
  (data (i32.const 1096) "\03\00\00\00key")  ;; 'key'
  (data (i32.const 1112) "\06\00\00\00sha256")  ;; 'sha256'
  (data (i32.const 1128) "\06\00\00\00sha512")  ;; 'sha512'
  (data (i32.const 1144) "\0d\00\00\00correct horse")  ;; 'correct horse'
  (data (i32.const 1168) "\05\00\00\00wrong")  ;; 'wrong'
  (data (i32.const 1184) "\0b\00\00\00password ok")  ;; 'password ok'
  (data (i32.const 1200) "\17\00\00\00wrong password rejected")  ;; 'wrong password rejected'
  (data (i32.const 1232) "\03\00\00\00\00\ff\10")  ;; b'\x00\xff\x10'
  (data (i32.const 1248) "\00\00\00\00")  ;; ''

  ;; cln 0.33's bump allocator: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    global.get $heap
    local.set $old
    local.get $old
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    i32.add
    local.set $end
    local.get $end
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get $end
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get $end
    global.set $heap
    local.get $old)
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; printl(s) for an LP string s: (s + 4, length)
  (func $println (param $s i32)
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))

  (func (export "sha256") (param $t i32) (result i32)
    (call $sha256 (i32.add (local.get $t) (i32.const 4)) (i32.load (local.get $t))))
  (func (export "sha512") (param $t i32) (result i32)
    (call $sha512 (i32.add (local.get $t) (i32.const 4)) (i32.load (local.get $t))))
  (func $hmac_of (export "hmac") (param $d i32) (param $k i32) (param $a i32) (result i32)
    (call $hmac
      (i32.add (local.get $d) (i32.const 4)) (i32.load (local.get $d))
      (i32.add (local.get $k) (i32.const 4)) (i32.load (local.get $k))
      (i32.add (local.get $a) (i32.const 4)) (i32.load (local.get $a))))
  (func $hash_of (export "hash_password") (param $p i32) (result i32)
    (call $hash_password (i32.add (local.get $p) (i32.const 4)) (i32.load (local.get $p))))
  (func $verify (export "verify_password") (param $p i32) (param $h i32) (result i32)
    (call $verify_password
      (i32.add (local.get $p) (i32.const 4)) (i32.load (local.get $p))
      (i32.add (local.get $h) (i32.const 4)) (i32.load (local.get $h))))
  (func (export "random_hex") (param $n i32) (result i32) (call $random_hex (local.get $n)))
  (func (export "random_bytes") (param $n i32) (result i32) (call $random_bytes (local.get $n)))
  (func (export "sha256_bytes") (param $b i32) (result i32) (call $sha256_bytes (local.get $b)))

  (func $start (export "start")
    (local $hash i32)
    (call $println (call $sha256 (i32.const 1028) (i32.load (i32.const 1024))))
    (call $println (call $sha512 (i32.const 1028) (i32.load (i32.const 1024))))
    (call $println (call $hmac_of (i32.const 1040) (i32.const 1096) (i32.const 1112)))
    (call $println (call $hmac_of (i32.const 1040) (i32.const 1096) (i32.const 1128)))
    (call $println (call $sha256_bytes (i32.const 1232)))
    (local.set $hash (call $hash_of (i32.const 1144)))
    (if (call $verify (i32.const 1144) (local.get $hash))
      (then (call $println (i32.const 1184))))
    (if (i32.eqz (call $verify (i32.const 1168) (local.get $hash)))
      (then (call $println (i32.const 1200))))
    (call $print_integer (i64.extend_i32_u (i32.load (call $random_hex (i32.const 16)))))
    (call $println (i32.const 1248))
    (call $print_integer (i64.extend_i32_u (i32.load (call $random_bytes (i32.const 12)))))
    (call $println (i32.const 1248)))
  (func (export "_start") call $start)
)
