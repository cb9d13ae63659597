;; jwt.wat — conformance guest for the JWT imports (JwtImportsTest, COMPILED and INTERPRETED).
;;
;; Lowered by hand the way cln 0.33 lowers this Clean program: every `string` argument of a bridge expands
;; to (ptr + 4, length) of its LP string, results are LP strings, `text.length` is the i32 at the pointer.
;;
;;   functions:
;;       string sign(string payload, string secret, string algorithm)  -> return jwt.sign(payload, secret, algorithm)
;;       string verify(string token, string secret, string algorithm)  -> return jwt.verify(token, secret, algorithm)
;;       string decode(string token)                                   -> return jwt.decode(token)
;;   start:
;;       string token = jwt.sign("{\"sub\":\"42\",\"name\":\"Ada\",\"admin\":true}", "secret", "HS256")
;;       printl(token)
;;       printl(jwt.verify(token, "secret", "HS256"))
;;       if jwt.verify(token, "not the secret", "HS256").length == 0: printl("forged token rejected")
;;       printl(jwt.decode(token))
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_jwt_sign" (func $jwt_sign (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "_jwt_verify" (func $jwt_verify (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "_jwt_decode" (func $jwt_decode (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "\26\00\00\00{\22sub\22:\2242\22,\22name\22:\22Ada\22,\22admin\22:true}")
  (data (i32.const 1072) "\06\00\00\00secret")
  (data (i32.const 1088) "\05\00\00\00HS256")
  (data (i32.const 1104) "\0e\00\00\00not the secret")
  (data (i32.const 1128) "\15\00\00\00forged token rejected")

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

  (func $sign (export "sign") (param $p i32) (param $s i32) (param $a i32) (result i32)
    (call $jwt_sign
      (i32.add (local.get $p) (i32.const 4)) (i32.load (local.get $p))
      (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))
      (i32.add (local.get $a) (i32.const 4)) (i32.load (local.get $a))))
  (func $verify (export "verify") (param $t i32) (param $s i32) (param $a i32) (result i32)
    (call $jwt_verify
      (i32.add (local.get $t) (i32.const 4)) (i32.load (local.get $t))
      (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))
      (i32.add (local.get $a) (i32.const 4)) (i32.load (local.get $a))))
  (func $decode (export "decode") (param $t i32) (result i32)
    (call $jwt_decode (i32.add (local.get $t) (i32.const 4)) (i32.load (local.get $t))))

  (func $start (export "start")
    (local $token i32)
    (local.set $token (call $sign (i32.const 1024) (i32.const 1072) (i32.const 1088)))
    (call $println (local.get $token))
    (call $println (call $verify (local.get $token) (i32.const 1072) (i32.const 1088)))
    (if (i32.eqz (i32.load (call $verify (local.get $token) (i32.const 1104) (i32.const 1088))))
      (then (call $println (i32.const 1128))))
    (call $println (call $decode (local.get $token))))
  (func (export "_start") call $start)
)
