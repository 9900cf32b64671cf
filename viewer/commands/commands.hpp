// One file per gridops subcommand. Each Add…Command registers its flags on
// the CLI and returns what to run when it was chosen; main() only dispatches.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace viewer {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // returns the process exit code
};

Command AddViewCommand(CLI::App& cli);
Command AddRenderCommand(CLI::App& cli);
Command AddInspectCommand(CLI::App& cli);
Command AddLocateCommand(CLI::App& cli);
Command AddCheckCommand(CLI::App& cli);
Command AddServeCommand(CLI::App& cli);
Command AddSimulateCommand(CLI::App& cli);

}  // namespace viewer
