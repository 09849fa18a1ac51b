#include "engine/cli/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

#include "engine/base/diagnostic_render.h"
#include "engine/base/text.h"
#include "engine/base/version.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/data_commands.h"
#include "engine/cli/eval_commands.h"
#include "engine/cli/json_output.h"
#include "engine/serve/listen.h"
#include "engine/serve/server.h"
#include "engine/serve/service.h"

namespace vigie::cli {
namespace {

void PrintProblem(DiagCode code, const std::string& message, const std::string& help, std::ostream& err) {
  Diagnostic diagnostic = MakeDiagnostic(code, Span{}, message);
  diagnostic.help = help;
  SourceManager none;
  err << RenderText(diagnostic, none) << "\n";
}

}  // namespace

int RunServe(const Options& options, std::ostream& out, std::ostream& err) {
  const std::optional<serve::ListenAddress> address = serve::ParseListenAddress(options.listen);
  if (!address) {
    PrintProblem(DiagCode::kListenAddressInvalid, Tr("'{0}' is not an address to listen on", options.listen),
                 std::string(Tr("write HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080")), err);
    return kExitInputErrors;
  }
  if (!serve::IsLoopback(address->host) && !options.public_listen) {
    PrintProblem(DiagCode::kListenNotLoopback,
                 Tr("'{0}' can be reached from other machines; vigie serve speaks plain HTTP", address->host),
                 std::string(Tr("put it behind a reverse proxy with TLS and add --public (docs/serve.md), or listen on 127.0.0.1")),
                 err);
    return kExitInputErrors;
  }
  const std::vector<std::string> paths = RulePaths(options, options.paths);
  if (paths.empty()) {
    err << UsageError("serve", std::string(Tr("name the rulesets and contracts to serve")));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  driver::CheckedProgram program;
  if (!CheckRules(paths, options, program, err, exit_code)) return exit_code;
  std::unique_ptr<store::Store> store = OpenStore(options, false, err, exit_code);
  if (!store) return exit_code;
  if (store->Users().empty()) {
    err << Tr("warning: no user in the store yet: add one with vigie user add LOGIN --role ROLE") << "\n";
  }

  serve::ServiceConfig config;
  config.store_path = options.store;
  config.rule_paths = paths;
  config.root = options.root;
  config.verify_json = [](const driver::VerifyResult& result) { return VerifyJson(result); };
  config.engine_version = std::string(kVersion);
  config.read_connections = options.read_connections;
  config.memory_for_report = options.memory;
  serve::Service service(std::move(config), program, std::move(store));
  serve::ServerOptions server_options;
  server_options.secure_cookies = options.public_listen;
  serve::Server server(service, server_options);

  // Ctrl-C and SIGTERM are waited for by one thread (blocked everywhere else), which stops the
  // server: requests in progress are answered, then the command returns.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  if (server.Bind(address->host, address->port) < 0) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    PrintProblem(DiagCode::kListenFailed, Tr("cannot listen on {0}", options.listen),
                 std::string(Tr("another program may use this port: choose another with --listen")), err);
    return kExitInternal;
  }
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    server.Stop();
  });
  out << Tr("vigie serve: http://{0}/ (Ctrl-C to stop)", options.listen) << std::endl;
  server.Run();
  // Stopped by a signal: the waiter is done. Stopped otherwise: wake it up.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  out << Tr("vigie serve: stopped") << "\n";
  return kExitOk;
}

}  // namespace vigie::cli
