// `vigie key generate --out NAME [--force]`: an Ed25519 key pair for signing reports (NAME.key,
// secret, mode 0600; NAME.pub, to hand to auditors). And reading those files for `run --sign` and
// `verify --public-key`.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunKey(const Options& options, std::ostream& out, std::ostream& err);

// The key in a NAME.key / NAME.pub file; on failure prints V5031 to `err` and returns nullopt.
std::optional<std::string> LoadSecretKey(const std::string& path, std::ostream& err);
std::optional<std::string> LoadPublicKey(const std::string& path, std::ostream& err);

}  // namespace vigie::cli
