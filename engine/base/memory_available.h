// How much memory this process may still take: what the kernel says is available, within the
// process's control group's limit when it has one (a container, a systemd unit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

// The smaller of /proc/meminfo's MemAvailable and what the cgroup v2 limit leaves (memory.max -
// memory.current, the cgroup's inactive file cache counted as free), in bytes; nullopt when neither
// can be read (not Linux, no /proc). Only the process's own cgroup is read, not its parents'.
std::optional<uint64_t> MemoryAvailable();

// A size as a user writes it: a whole number of bytes, or followed by K, M, G or T (powers of 1024,
// "512M", "8G"; "Ki"/"KiB"… and "o"/"Mo"/"Go", the French, are read too). nullopt if it is not
// one, is 0, or is above 2^60 bytes.
std::optional<uint64_t> ParseMemorySize(std::string_view text);

// A size for a message: "12 KiB", "512 MiB", "1.5 GiB" ("1,5 Gio" in French), rounded up below 1 GiB,
// one decimal above.
std::string MemorySizeText(uint64_t bytes);

}  // namespace vigie
