// The address `vigie serve` listens on: HOST:PORT, loopback unless the user says --public.
#pragma once

#include <optional>
#include <string>

namespace vigie::serve {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1", "0.0.0.0"
  int port = 0;      // 1..65535 (0: any free port, for tests)
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080". nullopt when it is not HOST:PORT.
std::optional<ListenAddress> ParseListenAddress(const std::string& text);

// 127.0.0.0/8, ::1 and localhost: reachable from this machine only.
bool IsLoopback(const std::string& host);

}  // namespace vigie::serve
