// The project's mock TIXY server, started in-process for a test file.
export { startMock } from "../../../mock-tixy/server.mjs";
