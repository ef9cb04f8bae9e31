export default function Home() {
  return <main><h1>Domus</h1></main>;
}
