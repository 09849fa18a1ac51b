#include "engine/serve/listen.h"

#include <arpa/inet.h>

#include <charconv>

namespace vigie::serve {

std::optional<ListenAddress> ParseListenAddress(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs [brackets]
  int port = -1;
  const auto [end, problem] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (problem != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) return std::nullopt;
  if (host == "localhost") return ListenAddress{host, port};
  unsigned char bytes[16];
  if (inet_pton(AF_INET, host.c_str(), bytes) != 1 && inet_pton(AF_INET6, host.c_str(), bytes) != 1) return std::nullopt;
  return ListenAddress{host, port};
}

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  unsigned char bytes[4];
  return inet_pton(AF_INET, host.c_str(), bytes) == 1 && bytes[0] == 127;
}

}  // namespace vigie::serve
