{
  "targets": [
    {
      "target_name": "steth_native",
      "sources": [
        "csrc/addon.cc",
        "csrc/thread-pool.cc",
        "csrc/gemm.cc",
        "csrc/gemm-avx512.cc",
        "csrc/gemm-avx2.cc",
        "csrc/gemm-portable.cc",
        "csrc/conv.cc",
        "csrc/pool2d.cc",
        "csrc/elementwise.cc",
        "csrc/batch-norm.cc",
        "csrc/optimizer.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-O2", "-O1", "-Os", "-fno-exceptions"],
      "cflags_cc!": ["-O2", "-O1", "-Os", "-fno-exceptions", "-std=gnu++17"],
      "cflags": ["-O3", "-ffp-contract=fast", "-fno-math-errno"],
      "cflags_cc": ["-O3", "-std=gnu++17", "-ffp-contract=fast", "-fno-math-errno"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-O3", "-ffp-contract=fast"],
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=gnu++17", "-ffp-contract=fast"]
      }
    }
  ]
}
