// gridops: one binary, a subcommand per job (viewer/commands/). See README.md.
#include "viewer/commands/commands.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"gridops — real-time city operations for grid-based governance (网格化管理)"};
  cli.require_subcommand(1);
  const viewer::Command commands[] = {
      viewer::AddViewCommand(cli),
      viewer::AddRenderCommand(cli),
      viewer::AddInspectCommand(cli),
      viewer::AddLocateCommand(cli),
      viewer::AddCheckCommand(cli),
      viewer::AddServeCommand(cli),
      viewer::AddSimulateCommand(cli),
  };
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  for (const viewer::Command& c : commands) {
    if (*c.app) return c.run();
  }
  return 1;
}
