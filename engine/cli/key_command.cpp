#include "engine/cli/key_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/signature.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;

void PrintKeyProblem(DiagCode code, const std::string& message, const std::string& help, std::ostream& err) {
  Diagnostic diagnostic = MakeDiagnostic(code, Span{}, message);
  diagnostic.help = help;
  SourceManager none;
  err << RenderText(diagnostic, none) << "\n";
}

// Creates `path` with `mode` and writes `text`; never follows or reuses an existing file.
bool WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  if (fd < 0) return false;
  ::fchmod(fd, mode);  // the umask must not widen nor narrow it
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return ::close(fd) == 0 && written;
}

std::optional<std::string> ReadText(const std::string& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) return std::nullopt;
  return text.str();
}

std::optional<std::string> LoadKey(const std::string& path, bool secret, std::ostream& err) {
  const std::optional<std::string> text = ReadText(path);
  if (!text) {
    PrintKeyProblem(DiagCode::kKeyFileInvalid,
                    secret ? Tr("cannot read the secret key file '{0}'", path) : Tr("cannot read the public key file '{0}'", path),
                    std::string(Tr("make a key pair with: vigie key generate --out NAME")), err);
    return std::nullopt;
  }
  std::optional<std::string> key = secret ? ParseSecretKey(*text) : ParsePublicKey(*text);
  if (!key) {
    PrintKeyProblem(DiagCode::kKeyFileInvalid,
                    secret ? Tr("'{0}' is not a vigie secret key file", path) : Tr("'{0}' is not a vigie public key file", path),
                    secret ? std::string(Tr("sign with the NAME.key written by vigie key generate"))
                           : std::string(Tr("check with the NAME.pub written by vigie key generate")),
                    err);
  }
  return key;
}

}  // namespace

std::optional<std::string> LoadSecretKey(const std::string& path, std::ostream& err) { return LoadKey(path, true, err); }
std::optional<std::string> LoadPublicKey(const std::string& path, std::ostream& err) { return LoadKey(path, false, err); }

int RunKey(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty() || options.paths[0] != "generate") {
    err << UsageError("key", ActionError(options.paths.empty() ? "" : options.paths[0], {"generate"}));
    return kExitUsage;
  }
  if (options.paths.size() > 1) {
    err << UsageError("key", Tr("unexpected argument '{0}'", options.paths[1]));
    return kExitUsage;
  }
  if (options.key_out.empty()) {
    err << UsageError("key", std::string(Tr("name the key files with --out NAME")));
    return kExitUsage;
  }
  const std::string secret_path = options.key_out + ".key", public_path = options.key_out + ".pub";
  for (const std::string& path : {secret_path, public_path}) {
    std::error_code error;
    if (!fs::exists(fs::symlink_status(path, error))) continue;
    if (!options.force) {
      PrintKeyProblem(DiagCode::kKeyFileExists, Tr("'{0}' already exists; no key was written", path),
                      std::string(Tr("a key that signed reports must be kept: choose another NAME, or replace it with --force")),
                      err);
      return kExitInputErrors;
    }
    fs::remove(path, error);
  }
  const SigningKey key = GenerateSigningKey();
  if (!WriteNewFile(secret_path, SecretKeyText(key.secret_key), 0600) ||
      !WriteNewFile(public_path, PublicKeyText(key.public_key), 0644)) {
    err << Tr("vigie key: cannot write '{0}' and '{1}'", secret_path, public_path) << "\n";
    return kExitInternal;
  }
  out << Tr("wrote {0} (secret: keep it private; mode 0600) and {1} (key {2})", secret_path, public_path,
            KeyFingerprint(key.public_key))
      << "\n";
  return kExitOk;
}

}  // namespace vigie::cli
