// `vigie key generate`: the secret key is readable by its owner only, and an existing key is never
// overwritten without --force.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/signature.h"
#include "engine/cli/commands.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using vigie::testing::Read;

namespace {

int Run(const std::vector<std::string>& args, std::string& out, std::string& err) {
  std::ostringstream o, e;
  const int code = vigie::cli::RunCli(args, o, e);
  out = o.str();
  err = e.str();
  return code;
}

}  // namespace

TEST_CASE("key generate writes a secret key only its owner can read, and never overwrites one", "[cli][key]") {
  const fs::path dir = fs::temp_directory_path() / ("vigie_key_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string name = (dir / "ars").string();
  std::string out, err;
  REQUIRE(Run({"key", "generate", "--out", name}, out, err) == 0);
  struct stat info {};
  REQUIRE(::stat((name + ".key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const std::string secret = Read(name + ".key"), pub = Read(name + ".pub");
  REQUIRE(vigie::ParseSecretKey(secret).has_value());
  CHECK(vigie::PublicKeyOf(*vigie::ParseSecretKey(secret)) == vigie::ParsePublicKey(pub));
  CHECK(out.find(vigie::KeyFingerprint(*vigie::ParsePublicKey(pub))) != std::string::npos);

  // Again without --force: refused, both files unchanged.
  CHECK(Run({"key", "generate", "--out", name}, out, err) == 1);
  CHECK(err.find("error[V5030]: '" + name + ".key' already exists; no key was written") == 0);
  CHECK(Read(name + ".key") == secret);
  CHECK(Read(name + ".pub") == pub);
  // A public key left alone is protected too.
  fs::remove(name + ".key");
  CHECK(Run({"key", "generate", "--out", name}, out, err) == 1);
  CHECK(err.find("'" + name + ".pub' already exists") != std::string::npos);

  // With --force: a new pair, the secret again 0600 even if the old file was wider.
  std::ofstream(name + ".key") << "old";
  fs::permissions(name + ".key", fs::perms::all);
  REQUIRE(Run({"key", "generate", "--out", name, "--force"}, out, err) == 0);
  REQUIRE(::stat((name + ".key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(Read(name + ".pub") != pub);
  fs::remove_all(dir);
}
