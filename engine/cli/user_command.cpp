#include "engine/cli/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "engine/base/clock.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/data_commands.h"
#include "engine/serve/users.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

// One line of standard input, without its line end; nullopt at the end of the input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// On a terminal: the line typed after `prompt`, not echoed.
std::optional<std::string> ReadHidden(const std::string& prompt, std::ostream& err) {
  err << prompt << std::flush;
  termios saved{};
  const bool can_hide = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (can_hide) {
    termios hidden = saved;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
  }
  std::optional<std::string> line = ReadLine();
  if (can_hide) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  err << "\n";
  return line;
}

int PrintProblems(const DiagnosticSink& sink, std::ostream& err) {
  SourceManager none;
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  err << RenderTextAll(diagnostics, none);
  if (!sink.HasErrors()) return kExitOk;
  for (const Diagnostic& d : diagnostics) {
    if (static_cast<int>(d.code) >= 5010 && d.code != DiagCode::kPasswordMissing) return kExitInternal;
  }
  return kExitInputErrors;
}

std::string By(const Options& options) { return options.by.empty() ? store::CurrentUser() : options.by; }

int RunAdd(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() != 2) {
    err << UsageError("user", options.paths.size() < 2 ? std::string(Tr("name the user: vigie user add LOGIN --role ROLE"))
                                                        : Tr("unexpected argument '{0}'", options.paths[2]));
    return kExitUsage;
  }
  if (options.role.empty()) {
    err << UsageError("user", std::string(Tr("give the role with --role controller|establishment|auditor")));
    return kExitUsage;
  }
  DiagnosticSink sink;
  // The password never comes from an argument (it would be in the shell history and in `ps`).
  std::optional<std::string> password;
  if (options.stdin_terminal) {
    password = ReadHidden(Tr("password for {0}: ", options.paths[1]), err);
    if (password && !password->empty()) {
      const std::optional<std::string> again = ReadHidden(std::string(Tr("the same password again: ")), err);
      if (!again || *again != *password) {
        sink.Report(MakeDiagnostic(DiagCode::kPasswordsDiffer, Span{},
                                   std::string(Tr("the two passwords differ; no user was added"))));
        return PrintProblems(sink, err);
      }
    }
  } else {
    password = ReadLine();
  }
  if (!password || password->empty()) {
    Diagnostic missing = MakeDiagnostic(DiagCode::kPasswordMissing, Span{},
                                        std::string(Tr("no password on standard input; no user was added")));
    missing.help = Tr("type it when asked, or give it on one line: vigie user add {0} --role {1} < FILE", options.paths[1],
                      options.role);
    sink.Report(std::move(missing));
    return PrintProblems(sink, err);
  }
  serve::NewUser user{options.paths[1], options.role, options.entities, *password, By(options), NowUtc()};
  std::sort(user.entities.begin(), user.entities.end());
  user.entities.erase(std::unique(user.entities.begin(), user.entities.end()), user.entities.end());
  // A refused user leaves no trace, not even a new empty store.
  if (!serve::CheckNewUser(user, sink)) return PrintProblems(sink, err);
  int exit_code = kExitOk;
  std::unique_ptr<store::Store> store = OpenStore(options, true, err, exit_code);
  if (!store) return exit_code;
  const bool added = serve::AddUser(*store, user, sink);
  if (const int code = PrintProblems(sink, err); !added) return code == kExitOk ? kExitInternal : code;
  const serve::Role role = *serve::RoleFromName(options.role);
  std::string entities;
  for (const std::string& entity : user.entities) entities += (entities.empty() ? "" : ", ") + entity;
  out << (entities.empty() ? Tr("added user {0} ({1})", user.login, serve::RoleText(role))
                           : Tr("added user {0} ({1}: {2})", user.login, serve::RoleText(role), entities))
      << "\n";
  return kExitOk;
}

int RunList(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() > 1) {
    err << UsageError("user", Tr("unexpected argument '{0}'", options.paths[1]));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<store::Store> store = OpenStore(options, false, err, exit_code);
  if (!store) return exit_code;
  const std::vector<store::Store::User> users = store->Users();
  if (users.empty()) {
    out << Tr("no user yet: add one with vigie user add LOGIN --role ROLE") << "\n";
    return kExitOk;
  }
  for (const store::Store::User& user : users) {
    const std::optional<serve::Role> role = serve::RoleFromName(user.role);
    std::string entities;
    for (const std::string& entity : user.entities) entities += " " + entity;
    out << user.login << "  " << (role ? serve::RoleText(*role) : user.role) << entities << "  "
        << Tr("(added {0} by {1})", FormatTimestamp(user.created_at), user.created_by) << "\n";
  }
  return kExitOk;
}

int RunRemove(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() != 2) {
    err << UsageError("user", options.paths.size() < 2 ? std::string(Tr("name the user: vigie user remove LOGIN"))
                                                        : Tr("unexpected argument '{0}'", options.paths[2]));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<store::Store> store = OpenStore(options, false, err, exit_code);
  if (!store) return exit_code;
  DiagnosticSink sink;
  if (!serve::RemoveUser(*store, options.paths[1], By(options), NowUtc(), sink)) return PrintProblems(sink, err);
  out << Tr("removed user {0}; its sessions are closed", options.paths[1]) << "\n";
  return kExitOk;
}

}  // namespace

int RunUser(const Options& options, std::ostream& out, std::ostream& err) {
  const std::string action = options.paths.empty() ? "" : options.paths[0];
  if (action == "add") return RunAdd(options, out, err);
  if (action == "list") return RunList(options, out, err);
  if (action == "remove") return RunRemove(options, out, err);
  err << UsageError("user", ActionError(action, {"add", "list", "remove"}));
  return kExitUsage;
}

}  // namespace vigie::cli
