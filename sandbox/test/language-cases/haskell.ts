import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "haskell",
  hello: 'main :: IO ()\nmain = putStrLn "hello"',
  sum: "main :: IO ()\nmain = do\n  [a, b] <- map read . words <$> getContents\n  print (a + b :: Integer)",
  multi: [
    { name: "main.hs", content: "import Helper (add)\n\nmain :: IO ()\nmain = print (add 2 3)" },
    { name: "Helper.hs", content: "module Helper (add) where\n\nadd :: Int -> Int -> Int\nadd a b = a + b" },
  ],
  compileError: "main :: IO ()\nmain = putStrLn (1 + True)",
  runtimeError: 'main :: IO ()\nmain = error "boom"',
  busyLoop:
    "loop :: Int -> Int\nloop n = if n < 0 then n else loop (n + 1)\n\nmain :: IO ()\nmain = print (loop 0 + loop 1)",
  // One unboxed array of 400 MB, every page of it read.
  memoryHog: [
    "import Data.Array.IO",
    "",
    "main :: IO ()",
    "main = do",
    "  let n = 50 * 1024 * 1024 :: Int",
    "  arr <- newArray (0, n) 1 :: IO (IOUArray Int Int)",
    "  let go :: Int -> Int -> IO Int",
    "      go i acc = if i > n then return acc else readArray arr i >>= \\x -> go (i + 512) (acc + x)",
    "  go 0 0 >>= print",
  ].join("\n"),
  lineError: {
    code: "main :: IO ()\nmain = do\n  putStrLn (undeclaredName 1)\n",
    verdict: "compilation_error",
    where: /main\.hs:3:/,
  },
  outputFlood: "main :: IO ()\nmain = mapM_ putStrLn (repeat (replicate 1000 'x'))",
  // The base install has no socket library: libc's socket and connect through the FFI.
  network: [
    "import Data.Word (Word8)",
    "import Foreign.C.Types (CInt (..))",
    "import Foreign.Marshal.Array (withArray)",
    "import Foreign.Ptr (Ptr)",
    "",
    'foreign import ccall unsafe "socket" c_socket :: CInt -> CInt -> CInt -> IO CInt',
    'foreign import ccall unsafe "connect" c_connect :: CInt -> Ptr Word8 -> CInt -> IO CInt',
    "",
    "main :: IO ()",
    "main = do",
    "  fd <- c_socket 2 1 0",
    "  -- struct sockaddr_in: AF_INET (host order), port 80 and 1.1.1.1 (network order), zero padding",
    "  let addr = [2, 0, 0, 80, 1, 1, 1, 1] ++ replicate 8 0",
    "  r <- if fd < 0 then return (-1) else withArray addr (\\p -> c_connect fd p 16)",
    '  putStrLn (if r == 0 then "connected" else "no network")',
  ].join("\n"),
  readOnlyRoot: [
    "import Control.Exception (IOException, try)",
    "",
    "main :: IO ()",
    "main = do",
    '  r <- try (writeFile "/tmp/cg-probe" "x") :: IO (Either IOException ())',
    '  putStrLn (either (const "read-only") (const "written") r)',
  ].join("\n"),
};

export default lang;
