import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

/** The solc version below must equal the exact version of the `solc` npm package. */
const SOLC_VERSION = "0.8.28";

// These machines cannot download compilers: use solcjs (WebAssembly) from node_modules.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion === SOLC_VERSION) {
    return {
      compilerPath: require.resolve("solc/soljson.js"),
      isSolcJs: true,
      version: args.solcVersion,
      longVersion: args.solcVersion,
    };
  }
  return runSuper();
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      viaIR: true,
    },
  },
  // The same hardfork as the Anvil node of `npm start` and the benchmark (scripts/lib/anvil.ts).
  networks: { hardhat: { hardfork: "cancun" } },
  paths: {
    sources: "./contracts",
    tests: "./test/contracts",
  },
  mocha: { timeout: 120_000 },
};

export default config;
